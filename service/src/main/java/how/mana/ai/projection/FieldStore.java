package how.mana.ai.projection;

import static how.mana.ai.projection.UnnestParameters.int4;
import static how.mana.ai.projection.UnnestParameters.int8;
import static how.mana.ai.projection.UnnestParameters.text;

import how.mana.ai.sync.FieldCandidate;
import how.mana.ai.sync.RecordState;
import how.mana.ai.sync.ShallowJson;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Merges folded candidates into a kind's {@code <name>_fields} table in one statement per batch. PostgreSQL applies the
 * fold's precedence itself ({@link FieldCandidate#PRECEDENCE}: instant, then row created_at, then row id), so a
 * stored field is neither loaded nor rewritten unless the offer beats it.
 */
final class FieldStore {
    private static final String INSERT = """
            INSERT INTO %s AS f
                (user_id, %s, field, value, at_second, at_nano, row_created_at, row_id)
            SELECT u, m, k, v::jsonb, s, n,
                   -- whole seconds and the rest apart: both products are exact doubles (a multiple of 10^6 below 2^59; under 10^6)
                   timestamptz 'epoch' + (c / 1000000) * interval '1 second' + (c %% 1000000) * interval '1 microsecond',
                   r
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::bigint[], ?::text[])
                 AS t(u, m, k, v, s, n, c, r)
            """;
    /** The fold's merge: an offer replaces the stored candidate only when it takes precedence over it. */
    private static final String MERGE_CONFLICT = """
            ON CONFLICT (%1$s, user_id, field) DO UPDATE SET
                value = excluded.value, at_second = excluded.at_second, at_nano = excluded.at_nano,
                row_created_at = excluded.row_created_at, row_id = excluded.row_id
            WHERE (excluded.at_second, excluded.at_nano, excluded.row_created_at, excluded.row_id)
                > (f.at_second, f.at_nano, f.row_created_at, f.row_id)
            RETURNING user_id, %1$s, field, xmax = 0""";

    private FieldStore() {
    }

    private static String insert(RecordKind kind) {
        return INSERT.formatted(kind.fieldsTable(), kind.idColumn());
    }

    /**
     * What one merge changed.
     *
     * @param changed  records with at least one field inserted or replaced
     * @param recolumn records whose snapshot row may have changed: a field is new (so possibly the record) or one
     *                 of the kind's {@link RecordKind#decidingFields() deciding fields} got a new winner
     */
    record Merged(Set<RecordKey> changed, Set<RecordKey> recolumn) {
    }

    /** @param batch per record, the fold of some new rows; no record twice (a statement may touch a key once) */
    static Merged merge(Connection c, RecordKind kind, Map<RecordKey, RecordState> batch) throws SQLException {
        Set<RecordKey> changed = new LinkedHashSet<>();
        Set<RecordKey> recolumn = new LinkedHashSet<>();
        Set<String> deciding = kind.decidingFields();
        if (batch.isEmpty()) {
            return new Merged(changed, recolumn);
        }
        String sql = insert(kind) + MERGE_CONFLICT.formatted(kind.idColumn());
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            encode(c, batch).bindTo(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RecordKey key = new RecordKey(rs.getString(1), rs.getString(2));
                    changed.add(key);
                    if (rs.getBoolean(4) || deciding.contains(rs.getString(3))) {
                        recolumn.add(key);
                    }
                }
            }
        }
        return new Merged(changed, recolumn);
    }

    /**
     * Inserts fields of records the table does not hold (a rebuild's batches, encoded by {@link #encode}): no
     * conflict to settle, and nothing to return.
     */
    static void insertAll(Connection c, RecordKind kind, UnnestParameters.Bound fields) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(insert(kind))) {
            fields.bindTo(ps);
            ps.executeUpdate();
        }
    }

    /** The parameters of {@link #INSERT}: one array element per record and field, in the order of its unnest. */
    static UnnestParameters.Bound encode(Connection c, Map<RecordKey, RecordState> batch) throws SQLException {
        int n = batch.values().stream().mapToInt(s -> s.fields().size()).sum();
        String[] users = new String[n];
        String[] records = new String[n];
        String[] fields = new String[n];
        String[] values = new String[n];
        Long[] seconds = new Long[n];
        Integer[] nanos = new Integer[n];
        Long[] createdMicros = new Long[n];
        String[] rowIds = new String[n];
        int i = 0;
        for (Map.Entry<RecordKey, RecordState> record : batch.entrySet()) {
            for (Map.Entry<String, FieldCandidate> field : record.getValue().fields().entrySet()) {
                FieldCandidate candidate = field.getValue();
                users[i] = record.getKey().userId();
                records[i] = record.getKey().recordId();
                fields[i] = field.getKey();
                values[i] = ShallowJson.text(candidate.value());
                seconds[i] = candidate.at().getEpochSecond();
                nanos[i] = candidate.at().getNano();
                // Microseconds since the epoch, exactly (created_at comes from PostgreSQL), and cheaper for it
                // to add up than to parse as text.
                createdMicros[i] = candidate.rowCreatedAt().getEpochSecond() * 1_000_000
                        + candidate.rowCreatedAt().getNano() / 1_000;
                rowIds[i] = candidate.rowId();
                i++;
            }
        }
        return UnnestParameters.encode(c, text(users), text(records), text(fields), text(values),
                int8(seconds), int4(nanos), int8(createdMicros), text(rowIds));
    }
}
