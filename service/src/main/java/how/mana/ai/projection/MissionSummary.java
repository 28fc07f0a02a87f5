package how.mana.ai.projection;

/**
 * One mission as {@code GET /internal/missions/{userId}} shows it (SPEC §9). Fields whose stored value has the
 * wrong type are null rather than hiding the mission from the operator.
 *
 * @param lastServerIteration the last iteration written by mana-ai ({@code source: "server"}), or null
 */
public record MissionSummary(String id, String title, String state, String nextRunAt, int iterationCount,
                             LastServerIteration lastServerIteration) {

    public record LastServerIteration(String id, String startedAt, String overallStatus) {
    }
}
