package how.mana.ai.planner;

import how.mana.ai.mission.Plan;
import how.mana.ai.planner.llm.TokenUsage;

/**
 * What planning one mission produced, and the tokens the run spent on it, whatever became of it (SPEC §13.1: tokens
 * a provider reported for a run that then failed were spent too). The tick counts LLM failures and parse failures
 * apart.
 */
public sealed interface PlanOutcome {

    TokenUsage usage();

    /** A plan that passed every check. */
    record Planned(Plan plan, TokenUsage usage) implements PlanOutcome {
    }

    /** The model could not be asked or did not answer usably (timeout, HTTP status, unreadable answer, breaker open). */
    record LlmFailure(String reason, TokenUsage usage) implements PlanOutcome {
    }

    /**
     * The model answered, but not with an acceptable plan: a v0.3 answer the parser rejects (an empty one included),
     * or a tool-calling run whose every call was invalid. The reason names the step or call and the field.
     */
    record ParseFailure(String reason, TokenUsage usage) implements PlanOutcome {
    }
}
