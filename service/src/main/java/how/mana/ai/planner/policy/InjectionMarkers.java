package how.mana.ai.planner.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the free-text markers of a prompt injection in a call's arguments (SPEC §15.7): an instruction to ignore the
 * previous ones, a "you are now" naming a model, a {@code <system} tag, {@code {{…}}} templating, a fenced block
 * labelled {@code system}. Every string of at least {@value #MIN_LENGTH} characters anywhere in the arguments is
 * searched, case-insensitively. A hit says only that an argument looks like an instruction to a model — text a
 * device would store and might later show to one. Pure.
 */
public final class InjectionMarkers {
    static final int MIN_LENGTH = 16;
    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL;
    private static final List<Marker> MARKERS = List.of(
            new Marker("ignore-previous-instructions",
                    Pattern.compile("ignore\\s+(?:all\\s+|the\\s+)?previous\\s+(?:instructions|messages)", FLAGS)),
            new Marker("you-are-now", Pattern.compile("you\\s+are\\s+now\\b.{0,60}?\\b(?:gpt|chatgpt|claude|gemini"
                    + "|llama|mistral|qwen|deepseek|dan|assistant|model|ai)\\b", FLAGS)),
            new Marker("system-tag", Pattern.compile("<\\s*system", FLAGS)),
            new Marker("template", Pattern.compile("\\{\\{.*?}}", FLAGS)),
            new Marker("system-fence", Pattern.compile("```\\s*system", FLAGS)));

    private InjectionMarkers() {
    }

    /** The name of the first marker found in any long enough string inside {@code arguments}, if any. */
    public static Optional<String> find(JsonNode arguments) {
        if (arguments.isTextual()) {
            String text = arguments.textValue();
            return text.length() < MIN_LENGTH ? Optional.empty()
                    : MARKERS.stream().filter(m -> m.pattern().matcher(text).find()).map(Marker::name).findFirst();
        }
        for (JsonNode child : arguments) {
            Optional<String> found = find(child);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private record Marker(String name, Pattern pattern) {
    }
}
