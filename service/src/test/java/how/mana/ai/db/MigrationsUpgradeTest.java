package how.mana.ai.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An installation migrated before V7 recorded V2 with the checksum of its old text (which defined the mission view
 * over field_timestamps). The next migrate realigns exactly that checksum, redefines the view and goes on; any other
 * mismatch is still refused.
 */
class MigrationsUpgradeTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.withoutMigrations();

    @Test
    void aPreV7InstallationIsRealignedAndUpgradedButAnEditedMigrationIsStillRefused() throws Exception {
        Flyway.configure().dataSource(db.admin()).schemas(Migrations.SCHEMA).defaultSchema(Migrations.SCHEMA)
                .createSchemas(true).locations("classpath:db/migration").placeholderReplacement(false)
                .target("6").load().migrate();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            // What V2 used to leave behind.
            s.execute("""
                    CREATE VIEW mana_ai.mission_changes WITH (security_barrier) AS
                    SELECT c.id, c.app_id, c.table_name, c.record_id, c.user_id, c.op, c.data, c.field_timestamps,
                           c.created_at
                    FROM public.sync_changes c WHERE c.app_id = 'ai' AND c.table_name = 'aiMissions'""");
            s.execute("UPDATE mana_ai.flyway_schema_history SET checksum = " + Migrations.V2_CHECKSUM_BEFORE_V7
                    + " WHERE version = '2'");
        }
        db.insertMissionChange("u1", "m1", "insert", "{\"title\":\"before V7\"}", null, null);

        db.migrateAndGrant();

        assertThat(Migrations.isUpToDate(db.admin())).isTrue();
        assertThat(text("SELECT pg_get_viewdef('mana_ai.mission_changes'::regclass)")).contains("stamps");
        assertThat(db.projection().refresh().rowsFolded()).isEqualTo(1);

        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE mana_ai.flyway_schema_history SET checksum = 1 WHERE version = '3'");
        }
        assertThatThrownBy(() -> Migrations.migrate(db.admin())).isInstanceOf(FlywayException.class)
                .hasMessageContaining("checksum");
    }

    private static String text(String sql) throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
