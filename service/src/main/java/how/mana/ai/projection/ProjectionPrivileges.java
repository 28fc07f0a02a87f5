package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * Checks that the projection's cross-user objects can do their job. They run with their owner's rights (whoever ran
 * {@code migrate}); were that owner subject to row-level security, a kind's view would silently show nothing.
 */
final class ProjectionPrivileges {
    private static final String SQL = """
            SELECT
              (SELECT r.rolsuper OR r.rolbypassrls FROM pg_class v JOIN pg_roles r ON r.oid = v.relowner
               WHERE v.oid = ?::regclass),
              (SELECT r.rolsuper OR pg_has_role(r.oid, 'pg_read_all_stats', 'USAGE')
               FROM pg_proc f JOIN pg_roles r ON r.oid = f.proowner
               WHERE f.oid = 'mana_ai.visibility_horizon()'::regprocedure),
              has_function_privilege('mana_ai.visibility_horizon()', 'EXECUTE'),
              has_table_privilege(?, 'SELECT')""";

    private final DataSource dataSource;
    private final List<RecordKind> kinds;

    ProjectionPrivileges(DataSource dataSource, List<RecordKind> kinds) {
        this.dataSource = dataSource;
        this.kinds = List.copyOf(kinds);
    }

    /** @throws IllegalStateException naming what is wrong and how to fix it */
    void check() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            for (RecordKind kind : kinds) {
                ps.setString(1, kind.changesView());
                ps.setString(2, kind.changesView());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    check(kind, rs);
                }
            }
        }
    }

    private static void check(RecordKind kind, ResultSet rs) throws SQLException {
        String fix = " — run `migrate` as an administrator (a superuser, or a role with BYPASSRLS and"
                + " pg_read_all_stats) with MANA_AI_SERVICE_ROLE set to the service's role";
        if (!rs.getBoolean(3) || !rs.getBoolean(4)) {
            throw new IllegalStateException("the service role may not read " + kind.changesView() + " or call"
                    + " mana_ai.visibility_horizon()" + fix);
        }
        if (!rs.getBoolean(1)) {
            throw new IllegalStateException("the owner of " + kind.changesView() + " is subject to row-level"
                    + " security, so the projection would see no " + kind.name() + " rows" + fix);
        }
        if (!rs.getBoolean(2)) {
            throw new IllegalStateException("the owner of mana_ai.visibility_horizon() cannot see other"
                    + " sessions' transactions, so late commits could be missed" + fix);
        }
    }
}
