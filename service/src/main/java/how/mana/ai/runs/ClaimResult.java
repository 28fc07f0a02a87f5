package how.mana.ai.runs;

import how.mana.ai.mission.AgentDecision;

/** How an attempt to claim a slot ended. */
public sealed interface ClaimResult {
    /**
     * The slot is this run's until it finishes it or the lease runs out.
     *
     * @param usedInLastDay the agent's tokens of the last 24 hours, as the claim read them for the budget gate
     *                      (SPEC §13.3 reminds the model of it); 0 when the claim read none (no agent or no budget)
     */
    record Claimed(Claim claim, long usedInLastDay) implements ClaimResult {
    }

    /** Finished, backing off, or leased by another run. */
    record Unavailable() implements ClaimResult {
    }

    /** The mission's agent may not run it now (its concurrency cap or budget); nothing was claimed. */
    record Refused(AgentDecision decision) implements ClaimResult {
    }
}
