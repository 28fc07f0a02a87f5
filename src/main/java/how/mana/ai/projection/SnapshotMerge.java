package how.mana.ai.projection;

import how.mana.ai.sync.RecordState;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes one batch of folded missions into the projection: their fields merged by PostgreSQL, then the snapshot
 * columns of just the missions whose new or column-deciding fields changed. Nothing is loaded to merge with.
 */
final class SnapshotMerge {
    private SnapshotMerge() {
    }

    /**
     * @param batch            per mission, the fold of some new rows
     * @param batchIsWholeTruth true when the projection held none of these missions before and the batch folds all
     *                          their rows (a rebuild's batch): their columns come from the batch, without a read
     * @return how many missions changed
     */
    static long apply(Connection c, Map<MissionKey, RecordState> batch, boolean batchIsWholeTruth)
            throws SQLException {
        if (batchIsWholeTruth) {
            Map<MissionKey, SnapshotColumns> columns = new LinkedHashMap<>();
            for (MissionKey key : MissionFieldStore.insertAll(c, batch)) {
                columns.put(key, SnapshotColumns.of(batch.get(key)));
            }
            SnapshotStore.upsert(c, columns);
            return columns.size();
        }
        MissionFieldStore.Merged merged = MissionFieldStore.merge(c, batch);
        SnapshotStore.upsert(c, SnapshotStore.columnsOf(c, merged.recolumn()));
        return merged.changed().size();
    }
}
