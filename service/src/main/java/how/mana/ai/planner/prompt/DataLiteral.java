package how.mana.ai.planner.prompt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Writes user content into the prompt as one-line JSON. JSON escaping turns newlines and quotes inert; on top,
 * backticks, angle brackets and Unicode line separators are escaped, so user text can neither open or close a fenced
 * block or a tag (such as {@code </agent_persona>} or {@code <reminder>}) nor start a line of its own: whatever it
 * says, it stays inside its literal.
 */
final class DataLiteral {
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        JSON.getFactory().setCharacterEscapes(new InertEscapes());
    }

    private DataLiteral() {
    }

    static String of(String text) {
        return of(TextNode.valueOf(text));
    }

    static String of(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static final class InertEscapes extends CharacterEscapes {
        private final int[] asciiEscapes;

        InertEscapes() {
            asciiEscapes = standardAsciiEscapesForJSON();
            asciiEscapes['`'] = ESCAPE_STANDARD;
            asciiEscapes['<'] = ESCAPE_STANDARD;
            asciiEscapes['>'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return asciiEscapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 || ch == 0x2029 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
