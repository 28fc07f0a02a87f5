package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.WithUser;
import how.mana.ai.sync.SyncTableSource;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service role (no superuser, no BYPASSRLS) gets every user's mission rows and nothing else, and per-user
 * paths cannot see other users' rows even when a query forgets its filter.
 */
class ProjectionPrivilegesTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String SECRET = "bob's private note";

    @BeforeAll
    static void seed() throws SQLException {
        db.insertChange("bob", "notes", "notes", "secret-note-1", "insert", "{\"title\":\"" + SECRET + "\"}", null, null);
        db.insertChange("bob", "ai", "notes", "secret-note-2", "insert", "{\"title\":\"" + SECRET + "\"}", null, null);
        db.insertMissionChange("bob", "m1", "insert", "{\"title\":\"bob's mission\",\"state\":\"active\"}", null, null);
        db.insertMissionChange("alice", "m1", "insert", "{\"title\":\"alice's mission\"}", null, null);
    }

    @Test
    void theServiceProjectsEveryUsersMissions() throws SQLException {
        MissionProjection projection = db.projection();
        projection.checkPrivileges();
        projection.refresh();
        assertThat(projection.missionsOf("bob").missions()).extracting(MissionSummary::title)
                .containsExactly("bob's mission");
    }

    @Test
    void theServiceRoleCannotReadAnotherUsersNonMissionRows() throws SQLException {
        assertThat(texts("SELECT data::text FROM sync_changes")).as("RLS, no user set").isEmpty();
        List<String> asAlice = WithUser.run(db.service(), "alice", c -> texts(c, "SELECT data::text FROM sync_changes"));
        assertThat(asAlice).noneMatch(t -> t.contains("bob"));
        assertThat(texts("SELECT app_id || '/' || table_name FROM mana_ai.mission_changes"))
                .containsOnly("ai/aiMissions").hasSize(2);
    }

    @Test
    void aCallersFunctionNeverSeesRowsTheMissionViewFiltersOut() throws SQLException {
        List<String> seen = new ArrayList<>();
        try (Connection c = db.service().getConnection(); Statement s = c.createStatement()) {
            // A sequential scan, so that only the order of the filters stands between the function and the rows.
            s.execute("SET enable_indexscan = off");
            s.execute("SET enable_bitmapscan = off");
            s.execute("""
                    CREATE FUNCTION pg_temp.peek(text) RETURNS boolean LANGUAGE plpgsql COST 0.0001
                    AS $$ BEGIN RAISE NOTICE 'peek %', $1; RETURN true; END $$""");
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM mana_ai.mission_changes WHERE pg_temp.peek(record_id)")) {
                rs.next();
            }
            for (SQLWarning w = s.getWarnings(); w != null; w = w.getNextWarning()) {
                seen.add(w.getMessage());
            }
            s.execute("RESET enable_indexscan");
            s.execute("RESET enable_bitmapscan");
            s.execute("DISCARD TEMP");
        }
        assertThat(seen).hasSize(2).noneMatch(m -> m.contains("secret"));
    }

    @Test
    void theServiceRoleCannotWriteThroughTheMissionView() {
        assertThatThrownBy(() -> {
            try (Connection c = db.service().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("""
                        INSERT INTO mana_ai.mission_changes (id, app_id, table_name, record_id, user_id, op, data,
                            stamps, created_at)
                        VALUES (gen_random_uuid(), 'ai', 'aiMissions', 'm9', 'bob', 'update', '{}', '{}', now())""");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void theServiceRoleCannotAddARecordKindToWidenWhatTheViewsShow() {
        assertThatThrownBy(() -> {
            try (Connection c = db.service().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO mana_ai.record_kinds VALUES ('note', 'notes', 'notes')");
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }

    @Test
    void aPerUserPathForgettingItsFilterStillSeesOnlyItsUser() throws SQLException {
        db.projection().refresh();
        List<String> owners = WithUser.run(db.service(), "alice",
                c -> texts(c, "SELECT user_id FROM mana_ai.mission_snapshots"));
        assertThat(owners).containsOnly("alice");
        List<String> fieldOwners = WithUser.run(db.service(), "alice",
                c -> texts(c, "SELECT user_id FROM mana_ai.mission_fields"));
        assertThat(fieldOwners).containsOnly("alice");
        Optional<FoldedRecord> bobsAsAlice = WithUser.run(db.service(), "alice",
                c -> new RecordHistory(SyncTableSource.fixed(db.syncTable())).read(c, "bob", "ai", "aiMissions", "m1"));
        assertThat(bobsAsAlice).as("a wrong user id argument").isEmpty();
    }

    @Test
    void thePrivilegeCheckFailsClearlyWhenMigrateRanWithoutAdministratorRights() throws SQLException {
        MissionProjection projection = db.projection();
        adminExecute("ALTER VIEW mana_ai.mission_changes OWNER TO " + db.roleName());
        try {
            assertThatThrownBy(projection::checkPrivileges).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("row-level security").hasMessageContaining("run `migrate` as an administrator");
        } finally {
            adminExecute("ALTER VIEW mana_ai.mission_changes OWNER TO CURRENT_USER");
            // Handing ownership back takes the role's grants with it: grant again, as `migrate` would.
            db.migrateAndGrant();
        }
        adminExecute("ALTER FUNCTION mana_ai.visibility_horizon() OWNER TO " + db.roleName());
        try {
            assertThatThrownBy(projection::checkPrivileges).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("late commits").hasMessageContaining("run `migrate` as an administrator");
        } finally {
            adminExecute("ALTER FUNCTION mana_ai.visibility_horizon() OWNER TO CURRENT_USER");
            db.migrateAndGrant();
        }
        projection.checkPrivileges();
    }

    private static void adminExecute(String sql) throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static List<String> texts(String sql) throws SQLException {
        try (Connection c = db.service().getConnection()) {
            return texts(c, sql);
        }
    }

    private static List<String> texts(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
