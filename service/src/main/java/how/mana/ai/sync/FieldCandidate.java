package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Comparator;

/**
 * One row's offer for one field of a record (SPEC §4): the value, the instant it claims, and the metadata of the
 * row that offered it, which settles ties. Keeping the metadata is what lets a stored fold absorb later rows.
 *
 * @param at           the field's timestamp as an instant (an unparseable one already replaced by the row's
 *                     {@code created_at})
 * @param rowCreatedAt the offering row's {@code created_at}
 * @param rowId        the offering row's id as a lowercase string
 */
public record FieldCandidate(JsonNode value, Instant at, Instant rowCreatedAt, String rowId) {

    /** Later instant wins; on a tie the later {@code created_at}; then the larger row id. */
    public static final Comparator<FieldCandidate> PRECEDENCE = Comparator
            .comparing(FieldCandidate::at)
            .thenComparing(FieldCandidate::rowCreatedAt)
            .thenComparing(FieldCandidate::rowId);

    public FieldCandidate {
        rowId = rowId.toLowerCase(java.util.Locale.ROOT);
    }

    /** The winner of the two; either one when they are the same offer. */
    public FieldCandidate winnerAgainst(FieldCandidate other) {
        return other == null || PRECEDENCE.compare(this, other) >= 0 ? this : other;
    }
}
