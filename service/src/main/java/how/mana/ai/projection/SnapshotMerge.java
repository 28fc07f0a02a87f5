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
     * What one batch changed.
     *
     * @param changed records with at least one field inserted or replaced
     * @param created of those, records the projection did not hold
     */
    record Changes(int changed, int created) {
    }

    /** @param batch per record, the fold of some new rows */
    static Changes apply(Connection c, RecordKind kind, Map<RecordKey, RecordState> batch) throws SQLException {
        FieldStore.Merged merged = FieldStore.merge(c, kind, batch);
        int created = SnapshotStore.upsert(c, kind, SnapshotStore.rowsOf(c, kind, merged.recolumn()));
        return new Changes(merged.changed().size(), created);
    }
}
