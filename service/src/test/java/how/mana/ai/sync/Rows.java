package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;

/** Builds {@link SyncRow}s for fold tests from JSON text. */
final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Rows() {
    }

    static SyncRow row(String id, String op, String data, String fieldTimestamps, String createdAt) {
        return new SyncRow(id, "ai", "aiMissions", "m1", "alice", op, json(data), json(fieldTimestamps),
                createdAt == null ? null : Instant.parse(createdAt));
    }

    static JsonNode json(String text) {
        try {
            return text == null ? null : JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
