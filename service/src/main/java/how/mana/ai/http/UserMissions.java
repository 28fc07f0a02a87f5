package how.mana.ai.http;

/** The projected missions of one user, as {@code GET /internal/missions/{userId}} answers them (SPEC §9). */
@FunctionalInterface
public interface UserMissions {
    /** A value Jackson serialises as the response body. */
    Object missionsOf(String userId) throws Exception;
}
