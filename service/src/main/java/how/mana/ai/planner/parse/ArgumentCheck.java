package how.mana.ai.planner.parse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.planner.tools.ParamType;
import how.mana.ai.planner.tools.ToolDefinition;
import how.mana.ai.planner.tools.ToolParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Checks the arguments of one call of a tool against its declared parameters, the same way for both planners: every
 * required parameter is present (a required string also non-blank), every declared value has its declared type, an
 * enum value is one of the enum, a formatted string matches its format. JSON null counts as absent. Parameters the
 * tool does not declare are kept as given (SPEC §9). Pure, total: any input yields a verdict.
 */
public final class ArgumentCheck {
    private static final int QUOTED_CHARS = 40;

    private ArgumentCheck() {
    }

    /** The outcome for one call. */
    public sealed interface Verdict {
    }

    /** The arguments as a step carries them: a copy without the declared parameters given as JSON null. */
    public record Valid(ObjectNode params) implements Verdict {
    }

    /** Every problem found, in declaration order; never empty. */
    public record Invalid(List<Problem> problems) implements Verdict {
        public Invalid {
            problems = List.copyOf(problems);
        }

        /** All problems in one line, e.g. {@code title: required parameter missing; level: string, not a number}. */
        public String reason() {
            return problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
        }
    }

    /** What is wrong with one parameter. */
    public record Problem(String parameter, String what) {
        @Override
        public String toString() {
            return parameter + ": " + what;
        }
    }

    public static Verdict check(ToolDefinition tool, ObjectNode arguments) {
        ObjectNode params = arguments.deepCopy();
        List<Problem> problems = new ArrayList<>();
        for (ToolParameter p : tool.parameters()) {
            JsonNode value = params.get(p.name());
            if (value == null || value.isNull()) {
                params.remove(p.name());
                if (p.required()) {
                    problems.add(new Problem(p.name(), "required parameter missing"));
                }
                continue;
            }
            String problem = problemWith(p, value);
            if (problem != null) {
                problems.add(new Problem(p.name(), problem));
            }
        }
        return problems.isEmpty() ? new Valid(params) : new Invalid(problems);
    }

    /** What is wrong with a present, non-null value of {@code p}, or null when nothing is. */
    private static String problemWith(ToolParameter p, JsonNode value) {
        if (!p.type().accepts(value)) {
            return kind(value) + ", not " + withArticle(p.type());
        }
        if (!value.isTextual()) {
            return null;
        }
        String text = value.textValue();
        if (p.required() && text.isBlank()) {
            return "required parameter is empty";
        }
        if (!p.allowedValues().isEmpty() && !p.allowedValues().contains(text)) {
            return quoted(text) + " is not one of " + String.join("|", p.allowedValues());
        }
        return p.format().filter(f -> !f.accepts(text))
                .map(f -> quoted(text) + " is not a " + f.jsonName() + " (" + f.shape() + ")")
                .orElse(null);
    }

    /** The JSON kind of a value as a reason names it: {@code string}, {@code number}, {@code array} … */
    private static String kind(JsonNode value) {
        return value.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static String withArticle(ParamType type) {
        String name = type.jsonName();
        return ("aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ") + name;
    }

    private static String quoted(String text) {
        return "\"" + Excerpt.of(text, QUOTED_CHARS) + "\"";
    }
}
