package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.db.Migrations;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * V3 replaces the per-mission state blob by per-field rows without converting it: on a database where the old
 * projection had already read every row, the first refresh after the migration folds every mission row again.
 */
class FieldStoreMigrationTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.withoutMigrations();

    @Test
    void theFirstRefreshAfterV3RebuildsWhatTheOldSnapshotHeld() throws SQLException {
        Flyway.configure().dataSource(db.admin()).schemas(Migrations.SCHEMA).defaultSchema(Migrations.SCHEMA)
                .createSchemas(true).locations("classpath:db/migration").placeholderReplacement(false)
                .target("2").load().migrate();
        db.insertMissionChange("carol", "m1", "insert", "{\"title\":\"before V3\",\"state\":\"active\"}", null, null);
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            // What the old projection left: a folded state and a watermark past every row.
            s.execute("""
                    INSERT INTO mana_ai.mission_snapshots (user_id, mission_id, state, deleted, mission_state)
                    VALUES ('carol', 'm1', '{"title":{"v":"before V3"}}', false, 'active')""");
            s.execute("UPDATE mana_ai.projection_cursor SET watermark = now() + interval '1 hour'");
        }

        db.migrateAndGrant();
        MissionProjection projection = db.projection();
        RefreshResult first = projection.refresh();

        assertThat(first.rowsFolded()).isEqualTo(1);
        assertThat(projection.missionsOf("carol").missions()).extracting(MissionSummary::title)
                .containsExactly("before V3");
    }
}
