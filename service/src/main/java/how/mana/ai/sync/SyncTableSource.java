package how.mana.ai.sync;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the shape of {@code sync_changes} comes from. Asked with the connection the caller already holds, so
 * finding it out never takes a second connection from the pool (a transaction waiting for one could starve).
 */
@FunctionalInterface
public interface SyncTableSource {
    SyncTable on(Connection c) throws SQLException;

    /** A table of known shape (tests, and scratch databases made as one generation). */
    static SyncTableSource fixed(SyncTable table) {
        return c -> table;
    }
}
