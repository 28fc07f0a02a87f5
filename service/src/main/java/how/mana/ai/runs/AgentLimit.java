package how.mana.ai.runs;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * What a claim for a mission of an agent must respect (SPEC §12.4–§12.5, §13): at most {@code maxConcurrent} of
 * that user's agent's missions leased at once, across every replica, and no claim once its last 24 hours of usage
 * reached {@code maxTokensPerDay}.
 *
 * @param usage the agent's usage of the last 24 hours, read on the claim's connection (the budget's owner reads it)
 */
public record AgentLimit(String agentId, int maxConcurrent, Optional<Long> maxTokensPerDay, LastDayUsage usage) {

    /** Reads an agent's tokens of the last 24 hours inside the caller's transaction. */
    @FunctionalInterface
    public interface LastDayUsage {
        long of(Connection c, String userId, String agentId) throws SQLException;
    }
}
