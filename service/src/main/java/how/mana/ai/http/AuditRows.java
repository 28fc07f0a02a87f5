package how.mana.ai.http;

import java.util.Optional;

/** A user's decrypt audit rows, newest first, as {@code GET /api/v1/me/ai-audit} answers them (SPEC §17.3). */
@FunctionalInterface
public interface AuditRows {
    /**
     * A value Jackson serialises as the response body, read in the user's RLS scope.
     *
     * @param missionId one mission's rows, or (empty) all the user's
     */
    Object rowsOf(String userId, Optional<String> missionId, int limit) throws Exception;
}
