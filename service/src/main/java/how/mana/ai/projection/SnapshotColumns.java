package how.mana.ai.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.mission.Mission;
import how.mana.ai.sync.FieldCandidate;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordState;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of a snapshot row derived from the folded mission, as the due query reads them: the same rules as
 * {@link Mission#isDueAt} (state text, nextRunAt only as a parseable ISO string).
 *
 * @param nextRunAt the parsed {@code nextRunAt}, clamped into years 1..9999 so PostgreSQL can store it (a clamped
 *                  instant is due, or not, exactly when the real one is, for any {@code now} in that range)
 */
record SnapshotColumns(boolean deleted, Optional<String> state, Optional<Instant> nextRunAt,
                       Optional<String> nextRunAtText) {
    /** The fields whose winners decide the columns. */
    static final Set<String> FIELDS = Set.of("state", "nextRunAt", "deletedAt");
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /** The columns of a folded state, reading only {@link #FIELDS} (no copy of the rest of the record). */
    static SnapshotColumns of(RecordState state) {
        ObjectNode record = JsonNodeFactory.instance.objectNode();
        for (String name : FIELDS) {
            FieldCandidate candidate = state.fields().get(name);
            if (candidate != null) {
                record.set(name, candidate.value());
            }
        }
        return of(FoldedRecord.of(record));
    }

    static SnapshotColumns of(FoldedRecord folded) {
        Optional<String> nextText = text(folded.record().get("nextRunAt"));
        Optional<Instant> next = nextText.flatMap(IsoTime::parse)
                .map(at -> at.isBefore(FIRST) ? FIRST : at.isAfter(LAST) ? LAST : at);
        return new SnapshotColumns(folded.deleted(), text(folded.record().get("state")), next, nextText);
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
