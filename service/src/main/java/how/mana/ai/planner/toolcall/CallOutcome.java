package how.mana.ai.planner.toolcall;

import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.llm.ToolCall;
import java.util.Optional;

/** What became of one tool call: a step of the plan, or a rejection the model is told about. */
public sealed interface CallOutcome {

    ToolCall call();

    /** The injection marker found in the call's arguments, if any (searched unless {@code POLICY_MODE=off}). */
    Optional<String> marker();

    /** The call is a step of the plan. */
    record Accepted(ToolCall call, PlannedStep step, Optional<String> marker) implements CallOutcome {
    }

    /**
     * The call never becomes a step.
     *
     * @param reason  what is wrong, as the model is told and the logs say
     * @param blocked rejected only for its injection marker ({@code POLICY_MODE=enforce})
     */
    record Rejected(ToolCall call, String reason, Optional<String> marker, boolean blocked) implements CallOutcome {
    }
}
