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
    void aStampColumnAddedLaterIsPickedUpByTheNextStartWhichRefoldsAndReadsBoth() throws Exception {
        DetectedSyncTable running = new DetectedSyncTable();
        try (Connection c = db.service().getConnection()) {
            assertThat(running.on(c).generation()).isEqualTo(SyncGeneration.ONE);
        }
        db.insertMissionChange("u1", "m1", "insert", "{\"title\":\"first\",\"state\":\"active\"}",
                "{\"title\":\"2026-01-01T00:00:00.000Z\",\"state\":\"2026-01-01T00:00:00.000Z\"}", null);
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE sync_changes ADD COLUMN field_meta jsonb DEFAULT '{}'::jsonb");
            s.execute("ALTER TABLE sync_changes ADD COLUMN origin text");
        }
        // An upgraded mana-sync stores a stale offline edit: its stamp, in field_meta, is older than the title's.
        insert("{\"title\":\"stale edit\"}", "{}", "{\"title\":\"2025-06-01T00:00:00.000Z\"}");
        // An old writer still filling field_timestamps only: its newer state stamp must win.
        insert("{\"state\":\"paused\"}", "{\"state\":\"2026-03-01T00:00:00.000Z\"}", "{}");
        MissionProjection projection = db.projection();
        projection.refresh();
        assertThat(title(projection)).as("the running service's view does not see field_meta yet")
                .isEqualTo("stale edit");

        try (Connection c = db.service().getConnection()) {
            assertThat(running.on(c).hasFieldMeta()).as("kept for the life of the process").isFalse();
            SyncTable restarted = new DetectedSyncTable().on(c);
            assertThat(restarted).isEqualTo(new SyncTable(true, true, true));
            assertThat(restarted.generation()).isEqualTo(SyncGeneration.TWO);
        }
        assertThat(RecordViews.define(db.service())).as("the next start, as the service role").isEqualTo(2);
        projection.refresh();

        assertThat(projection.missionsOf("u1").missions()).singleElement().satisfies(m -> {
            assertThat(m.title()).as("refolded with field_meta's stamp").isEqualTo("first");
            assertThat(m.state()).isEqualTo("paused");
        });
        Optional<FoldedRecord> read = WithUser.run(db.service(), "u1",
                c -> new RecordHistory(new DetectedSyncTable()).read(c, "u1", "ai", "aiMissions", "m1"));
        assertThat(read.orElseThrow().record().get("title").asText()).isEqualTo("first");
        assertThat(read.orElseThrow().record().get("state").asText()).isEqualTo("paused");
        assertThat(RecordViews.define(db.service())).isEqualTo(2);
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM mana_ai.projection_cursor WHERE kind = 'mission'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("an unchanged view keeps its kind's cursor: no refold").isEqualTo(1);
        }
    }

    private static String title(MissionProjection projection) throws Exception {
        return projection.missionsOf("u1").missions().getFirst().title();
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
