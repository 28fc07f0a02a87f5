package how.mana.ai.planner;

import how.mana.ai.mission.Plan;

/** What planning one mission produced. The tick counts LLM failures and parse failures apart. */
public sealed interface PlanOutcome {

    /** A plan that passed every check. */
    record Planned(Plan plan) implements PlanOutcome {
    }

    /** The model could not be asked or did not answer usably (timeout, HTTP status, empty content, breaker open). */
    record LlmFailure(String reason) implements PlanOutcome {
    }

    /** The model answered, but the answer is not an acceptable plan; the reason names the step and field. */
    record ParseFailure(String reason) implements PlanOutcome {
    }
}
