package how.mana.ai.projection;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.sync.FieldCandidate;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordState;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A record's row in its kind's snapshot table: whether it is deleted, and its {@link RecordKind#columns()} values
 * in order (text, null for SQL NULL).
 */
record SnapshotRow(boolean deleted, List<String> values) {
    SnapshotRow {
        values = Collections.unmodifiableList(new ArrayList<>(values));
    }

    /** The row of a folded state, reading only the kind's deciding fields (no copy of the rest of the record). */
    static SnapshotRow of(RecordKind kind, RecordState state) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (String name : kind.decidingFields()) {
            FieldCandidate candidate = state.fields().get(name);
            if (candidate != null) {
                record.set(name, candidate.value());
            }
        }
        return of(kind, FoldedRecord.of(record));
    }

    static SnapshotRow of(RecordKind kind, FoldedRecord folded) {
        List<String> values = new ArrayList<>(kind.columns().size());
        kind.columns().forEach(column -> values.add(column.value().apply(folded.record())));
        return new SnapshotRow(folded.deleted(), values);
    }
}
