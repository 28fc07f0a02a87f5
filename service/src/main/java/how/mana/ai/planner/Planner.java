package how.mana.ai.planner;

import how.mana.ai.mission.Mission;

/** Turns one mission into a checked plan or a typed failure. Implementations must not throw for bad input. */
@FunctionalInterface
public interface Planner {

    PlanOutcome plan(Mission mission, PlanningRun run);
}
