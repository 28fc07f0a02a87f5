package how.mana.ai.projection;

/** Identifies a mission: its id is unique only per user. */
public record MissionKey(String userId, String missionId) {
}
