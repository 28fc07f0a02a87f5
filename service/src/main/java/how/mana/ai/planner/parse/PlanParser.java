package how.mana.ai.planner.parse;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The strict acceptance rules for a text-JSON model answer, the v0.3 planner's (SPEC §5 "Parsing", §9 "Parser,
 * further rules"), with each step's parameters checked by type ({@link ArgumentCheck}). Pure, and never throws: any
 * input yields either an accepted plan or a rejection whose reason names the step and field.
 */
public final class PlanParser {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final int QUOTED_CHARS = 40;

    private final int maxSteps;

    /** @param maxSteps the most steps a plan may have ({@code MANA_AI_MAX_PLAN_STEPS}) */
    public PlanParser(int maxSteps) {
        this.maxSteps = maxSteps;
    }

    /**
     * @param answer  the model's content; null, empty or blank has no JSON block (SPEC §5 rule 1)
     * @param offered the tools the run offered: a step naming any other is rejected
     */
    public ParseResult parse(String answer, ToolCatalog offered) {
        try {
            return parseChecked(answer == null ? "" : answer, offered);
        } catch (Rejection r) {
            return new ParseResult.Rejected(r.getMessage());
        } catch (RuntimeException e) {
            // Defence in depth: the rules above are meant to be total; an input they missed is still only a reject.
            return new ParseResult.Rejected("answer could not be checked (" + e.getClass().getSimpleName() + ")");
        }
    }

    private ParseResult parseChecked(String answer, ToolCatalog catalog) {
        String block = JsonBlock.in(answer).orElseThrow(() -> new Rejection("no JSON block"));
        JsonNode root;
        try {
            root = JSON.readTree(block);
        } catch (JacksonException e) {
            throw new Rejection("JSON block is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new Rejection("JSON block is not an object");
        }
        JsonNode steps = root.get("steps");
        if (steps == null || !steps.isArray()) {
            throw new Rejection("steps: missing or not an array");
        }
        if (steps.size() > maxSteps) {
            throw new Rejection("steps: " + steps.size() + " steps, at most " + maxSteps + " allowed");
        }
        List<PlannedStep> planned = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            planned.add(step(steps.get(i), "steps[" + i + "]", catalog));
        }
        return new ParseResult.Accepted(new Plan(textOrEmpty(root.get("summary")), planned));
    }

    private static PlannedStep step(JsonNode step, String at, ToolCatalog catalog) {
        if (!step.isObject()) {
            throw new Rejection(at + ": not an object");
        }
        String toolName = nonBlank(step.get("toolName"), at + ".toolName");
        ToolDefinition tool = catalog.find(toolName)
                .orElseThrow(() -> new Rejection(
                        at + ".toolName: \"" + Excerpt.of(toolName, QUOTED_CHARS) + "\" is not an allowed tool"));
        String rationale = nonBlank(step.get("rationale"), at + ".rationale");
        JsonNode given = step.get("params");
        ObjectNode params = given != null && given.isObject() ? (ObjectNode) given : JSON.createObjectNode();
        return switch (ArgumentCheck.check(tool, params)) {
            case ArgumentCheck.Valid valid ->
                    new PlannedStep(toolName, valid.params(), textOrEmpty(step.get("summary")), rationale);
            // The first problem only: a v0.3 reason names one step and one field.
            case ArgumentCheck.Invalid invalid -> throw new Rejection(
                    at + ".params." + invalid.problems().getFirst());
        };
    }

    private static String nonBlank(JsonNode node, String at) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw new Rejection(at + ": missing or not a non-empty string");
        }
        return node.textValue();
    }

    private static String textOrEmpty(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : "";
    }

    /** Carries a rejection reason out of the nested checks; never escapes {@link #parse}. */
    private static final class Rejection extends RuntimeException {
        Rejection(String reason) {
            super(reason, null, false, false);
        }
    }
}
