package how.mana.ai.projection;

import how.mana.ai.sync.RowOffer;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of a rebuild, made ready to insert on the reading thread: the projection was just emptied and the batch
 * holds all rows of its records, so its fields and snapshot rows are plain inserts whose parameters (the Java
 * half of writing them) can be encoded while the writing thread sends the previous batch.
 */
final class RebuildBatch {
    private final UnnestParameters.Bound fields;
    private final UnnestParameters.Bound snapshots;
    private final int records;
    private final List<RowOffer.Malformed> malformed;

    private RebuildBatch(UnnestParameters.Bound fields, UnnestParameters.Bound snapshots, int records,
                         List<RowOffer.Malformed> malformed) {
        this.fields = fields;
        this.snapshots = snapshots;
        this.records = records;
        this.malformed = malformed;
    }

    /** @param encoder any connection to the database: it only encodes, the writing connection sends */
    static RebuildBatch encode(Connection encoder, RecordKind kind, FoldedBatches.Batch batch) throws SQLException {
        Map<RecordKey, SnapshotRow> rows = new LinkedHashMap<>();
        batch.folded().forEach((key, state) -> {
            if (!state.isEmpty()) {
                rows.put(key, SnapshotRow.of(kind, state));
            }
        });
        if (rows.isEmpty()) {
            return new RebuildBatch(null, null, 0, batch.malformed());
        }
        return new RebuildBatch(FieldStore.encode(encoder, batch.folded()),
                SnapshotStore.encode(encoder, kind, rows), rows.size(), batch.malformed());
    }

    /** @return how many records it wrote */
    int write(Connection c, RecordKind kind) throws SQLException {
        if (records > 0) {
            FieldStore.insertAll(c, kind, fields);
            SnapshotStore.insertAll(c, kind, snapshots);
        }
        return records;
    }

    List<RowOffer.Malformed> malformed() {
        return malformed;
    }
}
