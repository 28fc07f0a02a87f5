package how.mana.ai.projection;

/**
 * One mission as {@code GET /internal/missions/{userId}} shows it (SPEC §9). Fields whose stored value has the
 * wrong type are null rather than hiding the mission from the operator.
 *
 * @param lastServerIteration the last iteration written by mana-ai ({@code source: "server"}), or null
 * @param agentDecision       what its agent's gates decided the last time they looked at it (SPEC-LATEST §12.4),
 *                            or null for a mission without a found agent
 */
public record MissionSummary(String id, String title, String state, String nextRunAt, int iterationCount,
                             LastServerIteration lastServerIteration, AgentDecision agentDecision) {

    public record LastServerIteration(String id, String startedAt, String overallStatus) {
    }

    public record AgentDecision(String agentId, String decision, String decidedAt) {
    }

    public MissionSummary withAgentDecision(AgentDecision decision) {
        return new MissionSummary(id, title, state, nextRunAt, iterationCount, lastServerIteration, decision);
    }
}
