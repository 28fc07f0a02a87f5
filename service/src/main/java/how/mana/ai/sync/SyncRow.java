package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One row of {@code sync_changes} as mana-ai reads it. {@code data} and {@code fieldTimestamps} are the raw JSON
 * (null when the column is NULL); their shape is checked by whoever folds them, never assumed.
 *
 * @param id         the row's uuid in lowercase text form
 * @param op         {@code insert}, {@code update} or {@code delete} (anything else is malformed)
 * @param createdAt  null when the stored value is not finite ({@code infinity}), which makes the row malformed
 */
public record SyncRow(
        String id,
        String appId,
        String tableName,
        String recordId,
        String userId,
        String op,
        JsonNode data,
        JsonNode fieldTimestamps,
        Instant createdAt) {
}
