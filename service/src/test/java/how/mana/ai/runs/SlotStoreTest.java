package how.mana.ai.runs;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.projection.MissionProjection;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlotStoreTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void pruneDeletesOldFinishedSlotsAndOldPendingSlotsTheirMissionHasLeftAndNothingElse() throws Exception {
        db.insertMissionChange("u", "current", "insert",
                "{\"state\":\"active\",\"nextRunAt\":\"2026-01-01T00:00:00.000Z\"}", null, null);
        db.projection().refresh();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO mana_ai.run_slots (user_id, mission_id, slot, status, updated_at) VALUES
                      ('u', 'old-done', 'a', 'done', now() - interval '8 days'),
                      ('u', 'old-failed', 'a', 'failed', now() - interval '8 days'),
                      ('u', 'recent-done', 'a', 'done', now() - interval '1 day'),
                      ('u', 'current', '2026-01-01T00:00:00.000Z', 'pending', now() - interval '8 days'),
                      ('u', 'current', '2025-01-01T00:00:00.000Z', 'pending', now() - interval '8 days'),
                      ('u', 'moved-on-recently', 'a', 'pending', now() - interval '1 hour')""");
        }

        int pruned = new SlotStore(db.service()).prune(Duration.ofDays(7), MissionProjection::isCurrentSlot);

        assertThat(pruned).isEqualTo(3);
        assertThat(remaining()).containsExactlyInAnyOrder("recent-done/a", "current/2026-01-01T00:00:00.000Z",
                "moved-on-recently/a");
    }

    private static List<String> remaining() throws Exception {
        List<String> slots = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT mission_id || '/' || slot FROM mana_ai.run_slots")) {
            while (rs.next()) {
                slots.add(rs.getString(1));
            }
        }
        return slots;
    }
}
