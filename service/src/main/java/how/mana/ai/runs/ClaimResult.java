package how.mana.ai.runs;

import how.mana.ai.mission.AgentDecision;

/** How an attempt to claim a slot ended. */
public sealed interface ClaimResult {
    /** The slot is this run's until it finishes it or the lease runs out. */
    record Claimed(Claim claim) implements ClaimResult {
    }

    /** Finished, backing off, or leased by another run. */
    record Unavailable() implements ClaimResult {
    }

    /** The mission's agent may not run it now (its concurrency cap or budget); nothing was claimed. */
    record Refused(AgentDecision decision) implements ClaimResult {
    }
}
