package how.mana.ai.projection;

import how.mana.ai.sync.RecordState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Writes one batch of folded records into a projection that may already hold them: their fields merged by
 * PostgreSQL, then the snapshot rows of just the records whose new or column-deciding fields changed. Nothing
 * is loaded to merge with. (A rebuild's batches, which the projection cannot hold yet, go through
 * {@link RebuildBatch}.)
 */
final class SnapshotMerge {
    private SnapshotMerge() {
    }

    /**
     * @param batch per record, the fold of some new rows
     * @return how many records changed
     */
    static long apply(Connection c, RecordKind kind, Map<RecordKey, RecordState> batch) throws SQLException {
        FieldStore.Merged merged = FieldStore.merge(c, kind, batch);
        SnapshotStore.upsert(c, kind, SnapshotStore.rowsOf(c, kind, merged.recolumn()));
        return merged.changed().size();
    }
}
