package how.mana.ai.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes a table's primary key and indexes off for a bulk load and puts the very same ones back afterwards (their
 * definitions are read from the catalog, so whatever mana-sync's schema declares is what gets rebuilt). Building
 * an index once over six million rows is several times faster than maintaining it row by row.
 */
final class DeferredIndexes {
    private final String table;
    private final List<String> constraintNames = new ArrayList<>();
    private final List<String> recreate = new ArrayList<>();

    private DeferredIndexes(String table) {
        this.table = table;
    }

    /** Reads the definitions, then drops the indexes of {@code table}. */
    static DeferredIndexes drop(Connection admin, String table) throws SQLException {
        DeferredIndexes deferred = new DeferredIndexes(table);
        try (Statement s = admin.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    + " WHERE conrelid = '" + table + "'::regclass AND contype IN ('p', 'u') ORDER BY conname")) {
                while (rs.next()) {
                    deferred.constraintNames.add(rs.getString(1));
                    deferred.recreate.add("ALTER TABLE " + table + " ADD CONSTRAINT " + rs.getString(1) + " "
                            + rs.getString(2));
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)"
                    + " FROM pg_index i WHERE i.indrelid = '" + table + "'::regclass AND NOT EXISTS"
                    + " (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1")) {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                    deferred.recreate.add(rs.getString(2));
                }
                for (String name : deferred.constraintNames) {
                    s.execute("ALTER TABLE " + table + " DROP CONSTRAINT " + name);
                }
                for (String name : names) {
                    s.execute("DROP INDEX " + name);
                }
            }
        }
        return deferred;
    }

    /** Rebuilds every index and constraint that {@link #drop} took off. */
    void restore(Connection admin) throws SQLException {
        try (Statement s = admin.createStatement()) {
            s.execute("SET maintenance_work_mem = '256MB'");
            for (String ddl : recreate) {
                s.execute(ddl);
            }
        }
    }
}
