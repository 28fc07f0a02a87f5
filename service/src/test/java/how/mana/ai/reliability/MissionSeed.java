package how.mana.ai.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/** Mission records for the reliability tests: a valid, due mission to start from, and its insert row. */
final class MissionSeed {
    static final ObjectMapper JSON = new ObjectMapper();

    private MissionSeed() {
    }

    /** An active mission due five minutes ago, hourly, with no inputs and no iterations. */
    static ObjectNode dueMission(String userId, String missionId, String title) {
        String created = IsoTime.format(Instant.now().minus(Duration.ofDays(1)));
        ObjectNode m = JSON.createObjectNode();
        m.put("id", missionId).put("createdAt", created).put("updatedAt", created).put("title", title)
                .put("conceptMarkdown", "Konzept").put("objective", "Ziel");
        m.putArray("inputs");
        m.putObject("cadence").put("kind", "interval").put("everyMinutes", 60);
        m.put("state", "active").put("nextRunAt", IsoTime.format(Instant.now().minus(Duration.ofMinutes(5))));
        m.putArray("iterations");
        m.put("userId", userId);
        return m;
    }

    /** The device's insert row holding the whole record. */
    static void insert(ManaSyncDatabase db, String userId, String missionId, ObjectNode record) throws SQLException {
        db.insertMissionChange(userId, missionId, "insert", record.toString(), null, null);
    }

    /** Empties the change table, the slots and the snapshot, so each test starts from nothing. */
    static void reset(ManaSyncDatabase db) throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE sync_changes, mana_ai.run_slots, mana_ai.skipped_rows");
        }
        db.projection().rebuild();
    }
}
