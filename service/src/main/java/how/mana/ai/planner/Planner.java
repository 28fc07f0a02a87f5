package how.mana.ai.planner;

import how.mana.ai.mission.Mission;
import how.mana.ai.planner.tools.ToolCatalog;

/** Turns one mission into a checked plan or a typed failure. Implementations must not throw for bad input. */
@FunctionalInterface
public interface Planner {

    /**
     * @param offered the tools this run may propose: the model is offered exactly these, and a step of any other
     *                tool is never accepted
     */
    PlanOutcome plan(Mission mission, ToolCatalog offered);
}
