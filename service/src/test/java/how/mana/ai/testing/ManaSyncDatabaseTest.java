package how.mana.ai.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.sync.WithUser;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The harness itself: the service role really is unprivileged and RLS really bites. */
class ManaSyncDatabaseTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void serviceRoleHasNeitherSuperuserNorBypassRls() throws SQLException {
        try (Connection c = db.service().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
            assertThat(rs.getBoolean(2)).isFalse();
        }
    }

    @Test
    void rowLevelSecurityHidesOtherUsersRowsFromTheServiceRole() throws SQLException {
        db.insertChange("alice", "todo", "tasks", "t1", "insert", "{\"title\":\"a\"}", null, null);
        db.insertChange("bob", "todo", "tasks", "t2", "insert", "{\"title\":\"b\"}", null, null);

        List<String> seenAsAlice = WithUser.run(db.service(), "alice", c -> userIds(c));
        assertThat(seenAsAlice).containsExactly("alice");

        try (Connection c = db.service().getConnection()) {
            assertThat(userIds(c)).as("no user set: the policy shows nothing").isEmpty();
        }
    }

    @Test
    void rowLevelSecurityRejectsWritesForAnotherUser() {
        assertThatThrownBy(() -> WithUser.run(db.service(), "alice", c -> {
            try (Statement s = c.createStatement()) {
                return s.executeUpdate("INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data)"
                        + " VALUES ('ai', 'aiMissions', 'm1', 'bob', 'update', '{}')");
            }
        })).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
    }

    @Test
    void withUserRefusesAnEmptyUserIdBeforeTouchingTheDatabase() {
        assertThatThrownBy(() -> WithUser.run(null, "", c -> 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> userIds(Connection c) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT user_id FROM sync_changes")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }
}
