package how.mana.ai.mission;

import java.util.Optional;

/** What the agent gates decided for one due mission of an agent (SPEC §12.4), as metrics and stats name it. */
public enum AgentDecision {
    RAN("ran"),
    SKIPPED_ARCHIVED("skipped-archived"),
    SKIPPED_PAUSED("skipped-paused"),
    SKIPPED_CONCURRENCY("skipped-concurrency"),
    SKIPPED_BUDGET("skipped-budget");

    private final String wireName;

    AgentDecision(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /**
     * The gates that need nothing but the agent record, in their order (§12.4): archived, then paused. Concurrency
     * and budget need the database and are decided when the slot is claimed.
     */
    public static Optional<AgentDecision> beforeClaim(Agent agent) {
        return switch (agent.state()) {
            case "archived" -> Optional.of(SKIPPED_ARCHIVED);
            case "paused" -> Optional.of(SKIPPED_PAUSED);
            default -> Optional.empty();
        };
    }
}
