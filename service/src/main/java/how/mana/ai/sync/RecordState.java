package how.mana.ai.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The fold of some rows of one record: per field, the winning candidate. Absorbing a row or another state is a
 * per-field maximum, so the result is independent of order and grouping, and absorbing anything twice changes
 * nothing — which is what makes re-reading rows and incremental refreshes safe.
 */
public record RecordState(SortedMap<String, FieldCandidate> fields) {
    public static final RecordState EMPTY = new RecordState(new TreeMap<>());

    public RecordState {
        fields = Collections.unmodifiableSortedMap(new TreeMap<>(fields));
    }

    /** The fold of these offers, in one pass over one map (a batch of rows, without a state per row). */
    public static RecordState of(Collection<RowOffer.Fields> offers) {
        TreeMap<String, FieldCandidate> merged = new TreeMap<>();
        offers.forEach(offer -> offer.candidates().forEach(
                (name, candidate) -> merged.merge(name, candidate, FieldCandidate::winnerAgainst)));
        return new RecordState(merged);
    }

    public RecordState with(RowOffer.Fields offer) {
        return absorb(offer.candidates());
    }

    public RecordState merge(RecordState other) {
        return absorb(other.fields);
    }

    private RecordState absorb(Map<String, FieldCandidate> candidates) {
        TreeMap<String, FieldCandidate> merged = new TreeMap<>(fields);
        candidates.forEach((name, candidate) -> merged.merge(name, candidate, FieldCandidate::winnerAgainst));
        return new RecordState(merged);
    }

    public boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The record as the web app sees it; a copy, so callers may change it freely. */
    public FoldedRecord current() {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        fields.forEach((name, candidate) -> record.set(name, candidate.value().deepCopy()));
        return FoldedRecord.of(record);
    }
}
