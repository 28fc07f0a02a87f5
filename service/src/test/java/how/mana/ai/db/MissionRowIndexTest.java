package how.mana.ai.db;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The partial index on mission rows that {@code migrate} adds to mana-sync's table, and how it is recognised. */
class MissionRowIndexTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @BeforeEach
    void noIndexOnCreatedAt() throws SQLException {
        execute(db.admin(), "DROP INDEX IF EXISTS " + MissionRowIndex.NAME);
        execute(db.admin(), "DROP INDEX IF EXISTS operators_own_idx");
    }

    @Test
    void ensureCreatesAValidPartialIndexOnceAndThenLeavesItAlone() throws SQLException {
        assertThat(served()).isFalse();

        assertThat(MissionRowIndex.ensure(db.admin())).isEqualTo(MissionRowIndex.Outcome.CREATED);
        assertThat(served()).isTrue();
        assertThat(definition()).contains("(created_at)").contains("app_id = 'ai'")
                .contains("table_name = 'aiMissions'");
        assertThat(MissionRowIndex.ensure(db.admin())).isEqualTo(MissionRowIndex.Outcome.ALREADY_SERVED);
    }

    @Test
    void anInvalidLeftoverOfAnInterruptedBuildIsBuiltAgain() throws SQLException {
        MissionRowIndex.ensure(db.admin());
        // What a failed CREATE INDEX CONCURRENTLY leaves: the index, marked invalid, never used by the planner.
        execute(db.admin(), "UPDATE pg_index SET indisvalid = false WHERE indexrelid = '"
                + MissionRowIndex.NAME + "'::regclass");
        assertThat(served()).isFalse();

        assertThat(MissionRowIndex.ensure(db.admin())).isEqualTo(MissionRowIndex.Outcome.CREATED);
        assertThat(served()).isTrue();
    }

    @Test
    void theServiceRoleMayNotCreateItAndSaysSoWithoutFailing() throws SQLException {
        assertThat(MissionRowIndex.ensure(db.service())).isEqualTo(MissionRowIndex.Outcome.NOT_CREATED);
        assertThat(served()).isFalse();
        assertThat(MissionRowIndex.checkServed(db.service())).isFalse();
    }

    @Test
    void anOperatorsOwnIndexUnderAnotherNameServesAndNoSecondOneIsMade() throws SQLException {
        execute(db.admin(), "CREATE INDEX operators_own_idx ON sync_changes (created_at)"
                + " WHERE table_name = 'aiMissions'");

        assertThat(MissionRowIndex.checkServed(db.service())).isTrue();
        assertThat(MissionRowIndex.ensure(db.admin())).isEqualTo(MissionRowIndex.Outcome.ALREADY_SERVED);
        assertThat(definition()).isNull();
    }

    @Test
    void anIndexOnAnotherAppsRowsDoesNotServe() throws SQLException {
        execute(db.admin(), "CREATE INDEX operators_own_idx ON sync_changes (created_at) WHERE app_id = 'todo'");

        assertThat(served()).isFalse();
    }

    private static boolean served() throws SQLException {
        try (Connection c = db.service().getConnection()) {
            return MissionRowIndex.isServed(c);
        }
    }

    /** The definition of the index of our name, or null. */
    private static String definition() throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_get_indexdef(to_regclass('" + MissionRowIndex.NAME + "'))")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
