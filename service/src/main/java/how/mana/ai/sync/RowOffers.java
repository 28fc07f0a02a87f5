package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import how.mana.ai.mission.IsoTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one row as SPEC §4 and §9 say: which fields it offers, with which timestamps. Pure; never throws on bad
 * data — a row whose shape is wrong becomes {@link RowOffer.Malformed}.
 */
public final class RowOffers {
    private RowOffers() {
    }

    public static RowOffer of(SyncRow row) {
        if (row.createdAt() == null) {
            return new RowOffer.Malformed(row, "created_at is not finite");
        }
        JsonNode data = row.data();
        boolean dataAbsent = data == null || data.isNull() || data.isMissingNode();
        if (!dataAbsent && !data.isObject()) {
            return new RowOffer.Malformed(row, "data is " + data.getNodeType() + ", not an object");
        }
        String op = row.op() == null ? "" : row.op();
        return switch (op) {
            case "insert", "update" -> new RowOffer.Fields(fieldsOf(row, dataAbsent ? null : data, op.equals("insert")));
            case "delete" -> new RowOffer.Fields(tombstone(row, dataAbsent ? null : data));
            default -> new RowOffer.Malformed(row, "op is " + (row.op() == null ? "missing" : "'" + op + "'")
                    + ", not insert, update or delete");
        };
    }

    private static Map<String, FieldCandidate> fieldsOf(SyncRow row, JsonNode data, boolean insert) {
        Map<String, FieldCandidate> out = new HashMap<>();
        if (data == null) {
            return out;
        }
        Optional<JsonNode> rowStamp = insert ? firstPresent(data, "updatedAt", "createdAt") : Optional.empty();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Optional<JsonNode> stamp = present(row.fieldTimestamps(), field.getKey()).or(() -> rowStamp);
            out.put(field.getKey(), candidate(row, field.getValue(), stamp));
        }
        return out;
    }

    /** A delete offers only {@code deletedAt}: its string value, else the row's created_at (SPEC §9). */
    private static Map<String, FieldCandidate> tombstone(SyncRow row, JsonNode data) {
        JsonNode given = data == null ? null : data.get("deletedAt");
        JsonNode deletedAt = given != null && given.isTextual()
                ? given : TextNode.valueOf(IsoTime.format(row.createdAt()));
        Optional<JsonNode> stamp = present(row.fieldTimestamps(), "deletedAt").or(() -> Optional.of(deletedAt));
        return Map.of("deletedAt", candidate(row, deletedAt, stamp));
    }

    private static FieldCandidate candidate(SyncRow row, JsonNode value, Optional<JsonNode> stamp) {
        Instant at = stamp.filter(JsonNode::isTextual).flatMap(s -> IsoTime.parse(s.textValue())).orElse(row.createdAt());
        return new FieldCandidate(value, at, row.createdAt(), row.id());
    }

    private static Optional<JsonNode> firstPresent(JsonNode object, String first, String second) {
        return present(object, first).or(() -> present(object, second));
    }

    /** The value under {@code key} when {@code object} is an object holding a non-null value there. */
    private static Optional<JsonNode> present(JsonNode object, String key) {
        if (object == null || !object.isObject()) {
            return Optional.empty();
        }
        JsonNode v = object.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }
}
