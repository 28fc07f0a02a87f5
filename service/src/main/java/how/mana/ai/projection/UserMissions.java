package how.mana.ai.projection;

import java.util.List;

/** The answer of {@code GET /internal/missions/{userId}}: that user's missions that are not deleted. */
public record UserMissions(String userId, List<MissionSummary> missions) {
    public UserMissions {
        missions = List.copyOf(missions);
    }
}
