package how.mana.ai.projection;

import how.mana.ai.sync.RowOffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of a rebuild, made ready to insert on the reading thread: the projection was just emptied and the batch
 * holds all rows of its missions, so its fields and snapshot rows are plain inserts whose parameters (the Java
 * half of writing them) can be encoded while the writing thread sends the previous batch.
 */
final class RebuildBatch {
    private final UnnestParameters.Bound fields;
    private final UnnestParameters.Bound snapshots;
    private final int missions;
    private final List<RowOffer.Malformed> malformed;

    private RebuildBatch(UnnestParameters.Bound fields, UnnestParameters.Bound snapshots, int missions,
                         List<RowOffer.Malformed> malformed) {
        this.fields = fields;
        this.snapshots = snapshots;
        this.missions = missions;
        this.malformed = malformed;
    }

    /** @param encoder any connection to the database: it only encodes, the writing connection sends */
    static RebuildBatch encode(Connection encoder, FoldedBatches.Batch batch) throws SQLException {
        Map<MissionKey, SnapshotColumns> columns = new LinkedHashMap<>();
        batch.folded().forEach((key, state) -> {
            if (!state.isEmpty()) {
                columns.put(key, SnapshotColumns.of(state));
            }
        });
        if (columns.isEmpty()) {
            return new RebuildBatch(null, null, 0, batch.malformed());
        }
        return new RebuildBatch(MissionFieldStore.encode(encoder, batch.folded()),
                SnapshotStore.encode(encoder, columns), columns.size(), batch.malformed());
    }

    /** @return how many missions it wrote */
    int write(Connection c) throws SQLException {
        if (missions > 0) {
            MissionFieldStore.insertAll(c, fields);
            SnapshotStore.insertAll(c, snapshots);
        }
        return missions;
    }

    List<RowOffer.Malformed> malformed() {
        return malformed;
    }
}
