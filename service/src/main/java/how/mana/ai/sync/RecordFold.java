package how.mana.ai.sync;

import java.util.ArrayList;
import java.util.List;

/** Folds the rows of one record into its {@link RecordState}, setting malformed rows aside. Pure. */
public final class RecordFold {
    private RecordState state = RecordState.EMPTY;
    private final List<RowOffer.Malformed> malformed = new ArrayList<>();
    private long rowsFolded;

    public static RecordFold of(Iterable<SyncRow> rows) {
        RecordFold fold = new RecordFold();
        rows.forEach(fold::add);
        return fold;
    }

    /** Absorbs one row, or sets it aside when it is malformed. */
    public void add(SyncRow row) {
        switch (RowOffers.of(row)) {
            case RowOffer.Fields fields -> {
                state = state.with(fields);
                rowsFolded++;
            }
            case RowOffer.Malformed rejected -> malformed.add(rejected);
        }
    }

    public RecordState state() {
        return state;
    }

    public List<RowOffer.Malformed> malformed() {
        return List.copyOf(malformed);
    }

    public long rowsFolded() {
        return rowsFolded;
    }
}
