package how.mana.ai.sync;

import java.util.Map;

/** What one {@code sync_changes} row contributes to its record's fold: field candidates, or nothing because it is malformed. */
public sealed interface RowOffer permits RowOffer.Fields, RowOffer.Malformed {

    /** @param candidates per field name, the row's candidate */
    record Fields(Map<String, FieldCandidate> candidates) implements RowOffer {
        public Fields {
            candidates = Map.copyOf(candidates);
        }
    }

    /** The row cannot be folded (SPEC §9); it is skipped, logged and counted. */
    record Malformed(SyncRow row, String reason) implements RowOffer {
    }
}
