package how.mana.ai.projection;

import how.mana.ai.sync.RecordState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Writes one batch of folded missions into a projection that may already hold them: their fields merged by
 * PostgreSQL, then the snapshot columns of just the missions whose new or column-deciding fields changed. Nothing
 * is loaded to merge with. (A rebuild's batches, which the projection cannot hold yet, go through
 * {@link RebuildBatch}.)
 */
final class SnapshotMerge {
    private SnapshotMerge() {
    }

    /**
     * @param batch per mission, the fold of some new rows
     * @return how many missions changed
     */
    static long apply(Connection c, Map<MissionKey, RecordState> batch) throws SQLException {
        MissionFieldStore.Merged merged = MissionFieldStore.merge(c, batch);
        SnapshotStore.upsert(c, SnapshotStore.columnsOf(c, merged.recolumn()));
        return merged.changed().size();
    }
}
