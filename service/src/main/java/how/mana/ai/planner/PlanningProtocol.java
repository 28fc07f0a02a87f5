package how.mana.ai.planner;

import how.mana.ai.mission.Mission;
import how.mana.ai.resolve.ResolvedInput;
import java.util.List;

/** How a planner asks the model for a mission's plan and checks what comes back ({@code MANA_AI_PLANNER}). */
public interface PlanningProtocol {

    /** Plans a mission whose inputs are resolved. May throw only for a bug; {@link LlmPlanner} contains it. */
    PlanOutcome plan(Mission mission, List<ResolvedInput> inputs, PlanningRun run);
}
