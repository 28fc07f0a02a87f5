package how.mana.ai.planner.parse;

import how.mana.ai.mission.Plan;

/** What the strict parser made of one model answer. */
public sealed interface ParseResult {

    record Accepted(Plan plan) implements ParseResult {
    }

    /** The whole plan is rejected; the reason names the step and field at fault. */
    record Rejected(String reason) implements ParseResult {
    }
}
