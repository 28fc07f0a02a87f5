package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stored form of a {@link RecordState}: {@code {field: {"v": value, "t": instant, "c": row created_at,
 * "r": row id}}}. Instants keep their full precision ({@link Instant#toString()}), so a stored fold compares exactly
 * as a fresh one would.
 */
public final class RecordStateJson {
    private RecordStateJson() {
    }

    public static ObjectNode toJson(RecordState state) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        state.fields().forEach((name, c) -> {
            ObjectNode field = out.putObject(name);
            field.set("v", c.value());
            field.put("t", c.at().toString());
            field.put("c", c.rowCreatedAt().toString());
            field.put("r", c.rowId());
        });
        return out;
    }

    /** @throws IllegalArgumentException when the JSON is not a stored state */
    public static RecordState fromJson(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a stored record state must be an object");
        }
        TreeMap<String, FieldCandidate> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode f = e.getValue();
            JsonNode value = f.get("v");
            fields.put(e.getKey(), new FieldCandidate(value == null ? NullNode.getInstance() : value,
                    instant(f, "t"), instant(f, "c"), f.path("r").asText("")));
        }
        return new RecordState(fields);
    }

    private static Instant instant(JsonNode field, String key) {
        try {
            return Instant.parse(field.path(key).asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("stored record state has a bad instant under '" + key + "'", e);
        }
    }
}
