package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.sync.DetectedSyncTable;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.sync.SyncTable;
import how.mana.ai.sync.WithUser;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generation-1 table that gains {@code field_meta} while the service runs (SPEC §10.4): the running process keeps
 * what it detected, the next start reads the new column, and while both columns exist each row's stamps come from
 * {@code field_meta} unless it is NULL or empty.
 */
class StampColumnsTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void aStampColumnAddedLaterIsPickedUpByTheNextStartAndBothAreRead() throws Exception {
        DetectedSyncTable running = new DetectedSyncTable();
        try (Connection c = db.service().getConnection()) {
            assertThat(running.on(c).generation()).isEqualTo(SyncGeneration.ONE);
        }
        // Older by its field_timestamps stamp: a later row's value must win.
        db.insertMissionChange("u1", "m1", "insert", "{\"title\":\"first\",\"state\":\"active\"}",
                "{\"title\":\"2026-01-01T00:00:00.000Z\",\"state\":\"2026-01-01T00:00:00.000Z\"}", null);
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sync_changes ADD COLUMN field_meta jsonb DEFAULT '{}'::jsonb");
            s.execute("ALTER TABLE sync_changes ADD COLUMN origin text");
        }
        // Written by an upgraded mana-sync: stamps in field_meta, field_timestamps left at its default.
        insert("{\"title\":\"second\"}", "{}", "{\"title\":\"2026-02-01T00:00:00.000Z\"}");
        // An old writer still filling field_timestamps only: its stamp is older, so it must lose.
        insert("{\"title\":\"stale\",\"state\":\"paused\"}",
                "{\"title\":\"2025-12-01T00:00:00.000Z\",\"state\":\"2026-03-01T00:00:00.000Z\"}", "{}");

        try (Connection c = db.service().getConnection()) {
            assertThat(running.on(c).hasFieldMeta()).as("kept for the life of the process").isFalse();
            SyncTable restarted = new DetectedSyncTable().on(c);
            assertThat(restarted).isEqualTo(new SyncTable(true, true, true));
            assertThat(restarted.generation()).isEqualTo(SyncGeneration.TWO);
        }
        assertThat(RecordViews.define(db.service())).as("the service role may redefine the views")
                .isEqualTo(2);

        MissionProjection projection = db.projection();
        projection.rebuild();
        assertThat(projection.missionsOf("u1").missions()).singleElement().satisfies(m -> {
            assertThat(m.title()).isEqualTo("second");
            assertThat(m.state()).isEqualTo("paused");
        });
        Optional<FoldedRecord> read = WithUser.run(db.service(), "u1",
                c -> new RecordHistory(new DetectedSyncTable()).read(c, "u1", "ai", "aiMissions", "m1"));
        assertThat(read.orElseThrow().record().get("title").asText()).isEqualTo("second");
        assertThat(read.orElseThrow().record().get("state").asText()).isEqualTo("paused");
    }

    private static void insert(String data, String fieldTimestamps, String fieldMeta) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, field_timestamps,
                                          field_meta, client_id)
                VALUES ('ai', 'aiMissions', 'm1', 'u1', 'update', ?::jsonb, ?::jsonb, ?::jsonb, 'device')""")) {
            ps.setString(1, data);
            ps.setString(2, fieldTimestamps);
            ps.setString(3, fieldMeta);
            ps.executeUpdate();
        }
    }
}
