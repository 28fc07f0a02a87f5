package how.mana.ai.sync;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.POJONode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.util.RawValue;
import java.io.IOException;

/**
 * Parses a JSON object one level deep: its scalar members become ordinary nodes, its object and array members stay
 * their JSON text, as {@link RawValue} nodes that serialize back verbatim. The snapshot refresh reads every mission
 * row's {@code data} only to decide which fields win and to write the winners back as text, so building and
 * re-serializing the trees of nested values (an {@code iterations} array is kilobytes) is work for nothing. The
 * fold itself looks only at top-level members and scalar timestamps, which stay real nodes.
 *
 * <p>Anything that is not an object is parsed fully, so the fold sees and reports its real type.
 */
public final class ShallowJson {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

    private ShallowJson() {
    }

    /** @param text valid JSON, as PostgreSQL prints jsonb; null for SQL NULL */
    public static JsonNode parse(String text) throws IOException {
        if (text == null) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return MAPPER.readTree(text);
            }
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    int start = (int) p.currentTokenLocation().getCharOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getCharOffset();
                    object.set(name, new POJONode(new RawValue(text.substring(start, end))));
                } else if (value == JsonToken.VALUE_STRING) {
                    object.set(name, TextNode.valueOf(p.getText()));
                } else {
                    // Numbers, booleans and null exactly as the full parser reads them.
                    object.set(name, MAPPER.readTree(p));
                }
            }
            return object;
        }
    }

    /** The JSON text of a node, taking a raw member's text as it is. */
    public static String text(JsonNode node) {
        if (node instanceof POJONode pojo && pojo.getPojo() instanceof RawValue raw) {
            return raw.rawValue().toString();
        }
        if (node.isTextual() && isPlain(node.textValue())) {
            return '"' + node.textValue() + '"';
        }
        return node.toString();
    }

    /** Needs no escaping inside a JSON string: no quote, backslash or control character. */
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\' || ch < 0x20) {
                return false;
            }
        }
        return true;
    }
}
