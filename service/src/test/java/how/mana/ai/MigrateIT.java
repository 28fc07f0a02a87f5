package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.db.MissionRowIndex;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code migrate} run by an administrator on a database where mana-sync exists but mana-ai never ran. */
class MigrateIT {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.withoutMigrations();

    @Test
    void migrateCreatesTheSchemaAndGrantsTheServiceRole() throws Exception {
        try (JarProcess migrate = JarProcess.start(Map.of(
                "SYNC_DATABASE_URL", adminUrl(), "MANA_AI_SERVICE_ROLE", db.roleName()), "migrate")) {
            assertThat(migrate.waitFor()).as(migrate.stderr()).isZero();
            assertThat(migrate.stdout()).isEmpty();
            assertThat(migrate.stderr()).contains("migrate: sync_changes is of generation 1 (field_timestamps");
        }
        try (Connection c = db.service().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM mana_ai.run_slots")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isZero();
        }
    }

    @Test
    void migrateAddsTheMissionRowIndexUnlessToldNotTo() throws Exception {
        adminExecute("DROP INDEX IF EXISTS " + MissionRowIndex.NAME);
        try (JarProcess migrate = JarProcess.start(Map.of("SYNC_DATABASE_URL", adminUrl(),
                "MANA_AI_CREATE_SYNC_INDEX", "false"), "migrate")) {
            assertThat(migrate.waitFor()).as(migrate.stderr()).isZero();
        }
        assertThat(missionRowIndexServes()).isFalse();

        try (JarProcess migrate = JarProcess.start(Map.of("SYNC_DATABASE_URL", adminUrl()), "migrate")) {
            assertThat(migrate.waitFor()).as(migrate.stderr()).isZero();
            assertThat(migrate.stderr()).contains("mission-row index created");
        }
        assertThat(missionRowIndexServes()).isTrue();
    }

    @Test
    void migrateWithAnUnreachableDatabaseExits1() throws Exception {
        try (JarProcess migrate = JarProcess.start(Map.of(
                "SYNC_DATABASE_URL", "postgresql://nobody@127.0.0.1:" + FreePort.find() + "/x"), "migrate")) {
            assertThat(migrate.waitFor()).isEqualTo(1);
            assertThat(migrate.stderr().lines().filter(l -> l.startsWith("migrate failed: "))).hasSize(1);
        }
    }

    private static String adminUrl() {
        return db.adminUrl().jdbcUrl() + "?user=" + db.adminUrl().user().orElseThrow();
    }

    private static boolean missionRowIndexServes() throws Exception {
        try (Connection c = db.admin().getConnection()) {
            return MissionRowIndex.isServed(c);
        }
    }

    private static void adminExecute(String sql) throws Exception {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
