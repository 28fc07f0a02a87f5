package how.mana.ai.planner.parse;

import java.util.Optional;

/**
 * Finds the JSON text in a model answer (SPEC §5, parsing rule 1): the first fenced block whose info string is
 * {@code json} or empty; otherwise the whole trimmed answer when it looks like one object.
 */
final class JsonBlock {
    private static final String FENCE = "```";

    private JsonBlock() {
    }

    static Optional<String> in(String answer) {
        int open = answer.indexOf(FENCE);
        while (open >= 0) {
            int close = answer.indexOf(FENCE, open + FENCE.length());
            if (close < 0) {
                break;
            }
            Optional<String> body = jsonBody(answer.substring(open + FENCE.length(), close));
            if (body.isPresent()) {
                return body;
            }
            open = answer.indexOf(FENCE, close + FENCE.length());
        }
        String trimmed = answer.strip();
        return trimmed.startsWith("{") && trimmed.endsWith("}") ? Optional.of(trimmed) : Optional.empty();
    }

    /** The block's content when its info string says JSON (or nothing); empty for other languages. */
    private static Optional<String> jsonBody(String inner) {
        int newline = inner.indexOf('\n');
        if (newline < 0) {
            // A one-line block such as ```json {"steps":[]}```: the info string, if any, precedes the object.
            String line = inner.strip();
            if (line.regionMatches(true, 0, "json", 0, 4)) {
                line = line.substring(4).strip();
            }
            return line.startsWith("{") ? Optional.of(line) : Optional.empty();
        }
        String info = inner.substring(0, newline).strip();
        return info.isEmpty() || info.equalsIgnoreCase("json")
                ? Optional.of(inner.substring(newline + 1))
                : Optional.empty();
    }
}
