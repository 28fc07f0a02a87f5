package how.mana.ai.sync;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The shape of {@code sync_changes}, detected the first time it is needed and then kept for the life of the
 * process: a generation change (a stamp column added) is picked up by the next start (SPEC §10.4).
 */
public final class DetectedSyncTable implements SyncTableSource {
    private volatile SyncTable detected;

    /** @throws IllegalStateException when the database has no usable {@code sync_changes} */
    @Override
    public SyncTable on(Connection c) throws SQLException {
        SyncTable table = detected;
        if (table == null) {
            table = SyncTable.detect(c);
            detected = table;
        }
        return table;
    }
}
