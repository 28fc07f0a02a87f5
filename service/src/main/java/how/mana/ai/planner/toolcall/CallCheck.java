package how.mana.ai.planner.toolcall;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.PolicyMode;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.llm.ToolCall;
import how.mana.ai.planner.parse.ArgumentCheck;
import how.mana.ai.planner.parse.Excerpt;
import how.mana.ai.planner.policy.InjectionMarkers;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import java.util.List;
import java.util.Optional;

/**
 * Checks one call of a tool-calling turn against the tools offered in that request and the policy mode (SPEC §15.4's
 * contract, §21.9): the name is offered, the arguments are a JSON object (none at all counts as {@code {}}), they
 * pass the {@link ArgumentCheck}, and under {@code POLICY_MODE=enforce} they carry no injection marker. A valid call
 * becomes a step. Pure.
 */
final class CallCheck {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int QUOTED_CHARS = 40;
    private static final int SUMMARY_CHARS = 80;
    /** Arguments that name what a step is about, best first: the step's summary shows the first one given. */
    private static final List<String> LABELS =
            List.of("title", "name", "titleMatch", "subject", "query", "url", "claim", "firstName", "description");

    private final ToolCatalog offered;
    private final PolicyMode policy;

    CallCheck(ToolCatalog offered, PolicyMode policy) {
        this.offered = offered;
        this.policy = policy;
    }

    /** @param rationale the text of the turn that made the call: the step's rationale */
    CallOutcome check(ToolCall call, String rationale) {
        Optional<ToolDefinition> tool = offered.find(call.name());
        if (tool.isEmpty()) {
            return rejected(call, call.name().isBlank() ? "the call names no function"
                    : "\"" + Excerpt.of(call.name(), QUOTED_CHARS) + "\" is not one of the offered functions",
                    Optional.empty());
        }
        Optional<ObjectNode> arguments = arguments(call.arguments());
        if (arguments.isEmpty()) {
            return rejected(call, "the arguments are not a JSON object", Optional.empty());
        }
        Optional<String> marker = policy == PolicyMode.OFF ? Optional.empty()
                : InjectionMarkers.find(arguments.get());
        return switch (ArgumentCheck.check(tool.get(), arguments.get())) {
            case ArgumentCheck.Invalid invalid -> rejected(call, invalid.reason(), marker);
            case ArgumentCheck.Valid valid when marker.isPresent() && policy == PolicyMode.ENFORCE ->
                    new CallOutcome.Rejected(call, "an argument holds an injection marker (" + marker.get()
                            + ") and is refused", marker, true);
            case ArgumentCheck.Valid valid -> new CallOutcome.Accepted(call,
                    new PlannedStep(call.name(), valid.params(), summary(call.name(), valid.params()), rationale),
                    marker);
        };
    }

    /** The arguments as an object: none at all (blank) is {@code {}}; anything but one JSON object is not. */
    static Optional<ObjectNode> arguments(String text) {
        if (text.isBlank()) {
            return Optional.of(JSON.createObjectNode());
        }
        try {
            JsonNode parsed = JSON.readTree(text);
            return parsed instanceof ObjectNode object ? Optional.of(object) : Optional.empty();
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }

    /** What the step is about, from its own arguments when they name it, else the tool's name. */
    private static String summary(String toolName, ObjectNode params) {
        return LABELS.stream().map(params::get).filter(v -> v != null && v.isTextual() && !v.textValue().isBlank())
                .findFirst().map(v -> Excerpt.of(v.textValue(), SUMMARY_CHARS)).orElse(toolName);
    }

    private static CallOutcome rejected(ToolCall call, String reason, Optional<String> marker) {
        return new CallOutcome.Rejected(call, reason, marker, false);
    }
}
