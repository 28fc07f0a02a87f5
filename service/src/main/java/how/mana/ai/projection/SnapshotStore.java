package how.mana.ai.projection;

import static how.mana.ai.projection.UnnestParameters.bool;
import static how.mana.ai.projection.UnnestParameters.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.SyncRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Batched reads and writes of a kind's {@code <name>_snapshots} table (one row per record, the columns queries
 * filter on) and of whole records assembled from its {@code <name>_fields} table.
 */
final class SnapshotStore {
    private SnapshotStore() {
    }

    /**
     * The folded record of the snapshot row aliased {@code alias}, as jsonb text: its fields' winning values.
     * Queries over a snapshot table select it beside their own columns.
     */
    static String recordOf(RecordKind kind, String alias) {
        return """
                (SELECT jsonb_object_agg(f.field, f.value) FROM %1$s f
                 WHERE f.user_id = %2$s.user_id AND f.%3$s = %2$s.%3$s)::text"""
                .formatted(kind.fieldsTable(), alias, kind.idColumn());
    }

    /** The snapshot rows of these records, from their stored winners of the kind's deciding fields. */
    static Map<RecordKey, SnapshotRow> rowsOf(Connection c, RecordKind kind, Collection<RecordKey> keys)
            throws SQLException {
        Map<RecordKey, ObjectNode> records = new LinkedHashMap<>();
        keys.forEach(key -> records.put(key, JsonNodeFactory.instance.objectNode()));
        if (!keys.isEmpty()) {
            String sql = """
                    SELECT f.user_id, f.%2$s, f.field, f.value::text
                    FROM %1$s f
                    JOIN unnest(?::text[], ?::text[]) AS k(user_id, record_id)
                      ON f.user_id = k.user_id AND f.%2$s = k.record_id
                    WHERE f.field = ANY (?::text[])""".formatted(kind.fieldsTable(), kind.idColumn());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                UnnestParameters.bind(c, ps, text(keys.stream().map(RecordKey::userId).toArray(String[]::new)),
                        text(keys.stream().map(RecordKey::recordId).toArray(String[]::new)),
                        text(kind.decidingFields().toArray(String[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.get(new RecordKey(rs.getString(1), rs.getString(2)))
                                .set(rs.getString(3), SyncRowReader.json(rs.getString(4)));
                    }
                }
            }
        }
        Map<RecordKey, SnapshotRow> rows = new LinkedHashMap<>();
        records.forEach((key, record) -> rows.put(key, SnapshotRow.of(kind, FoldedRecord.of(record))));
        return rows;
    }

    /** @return how many of the rows were inserted rather than updated */
    static int upsert(Connection c, RecordKind kind, Map<RecordKey, SnapshotRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        // xmax is 0 on a row version an INSERT made, and set on the one an ON CONFLICT UPDATE made.
        try (PreparedStatement ps = c.prepareStatement(insert(kind) + onConflictUpdate(kind) + " RETURNING xmax = 0")) {
            encode(c, kind, rows).bindTo(ps);
            int inserted = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return inserted;
        }
    }

    /** Inserts rows of records the table does not hold (a rebuild's), encoded by {@link #encode}. */
    static void insertAll(Connection c, RecordKind kind, UnnestParameters.Bound rows) throws SQLException {
        execute(c, insert(kind), rows);
    }

    private static String insert(RecordKind kind) {
        String columns = kind.columns().stream().map(SnapshotColumn::name).collect(Collectors.joining(", "));
        StringBuilder casts = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < kind.columns().size(); i++) {
            casts.append(", c").append(i).append("::").append(kind.columns().get(i).sqlType());
            arrays.append(", ?::text[]");
            names.append(", c").append(i);
        }
        return """
                INSERT INTO %s (user_id, %s, deleted%s)
                SELECT u, r, d%s
                FROM unnest(?::text[], ?::text[], ?::boolean[]%s) AS t(u, r, d%s)
                """.formatted(kind.snapshotsTable(), kind.idColumn(), columns.isEmpty() ? "" : ", " + columns,
                casts, arrays, names);
    }

    private static String onConflictUpdate(RecordKind kind) {
        StringBuilder set = new StringBuilder("deleted = excluded.deleted");
        kind.columns().forEach(column -> set.append(", ").append(column.name())
                .append(" = excluded.").append(column.name()));
        return "ON CONFLICT (user_id, %s) DO UPDATE SET %s, updated_at = now()".formatted(kind.idColumn(), set);
    }

    private static void execute(Connection c, String sql, UnnestParameters.Bound rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            rows.bindTo(ps);
            ps.executeUpdate();
        }
    }

    /** The parameters of the insert and the upsert, one array element per row. */
    static UnnestParameters.Bound encode(Connection c, RecordKind kind, Map<RecordKey, SnapshotRow> rows)
            throws SQLException {
        int n = rows.size();
        String[] users = new String[n];
        String[] records = new String[n];
        Boolean[] deleted = new Boolean[n];
        String[][] values = new String[kind.columns().size()][n];
        int i = 0;
        for (Map.Entry<RecordKey, SnapshotRow> e : rows.entrySet()) {
            users[i] = e.getKey().userId();
            records[i] = e.getKey().recordId();
            deleted[i] = e.getValue().deleted();
            for (int column = 0; column < values.length; column++) {
                values[column][i] = e.getValue().values().get(column);
            }
            i++;
        }
        UnnestParameters.Column[] columns = new UnnestParameters.Column[3 + values.length];
        columns[0] = text(users);
        columns[1] = text(records);
        columns[2] = bool(deleted);
        for (int column = 0; column < values.length; column++) {
            columns[3 + column] = text(values[column]);
        }
        return UnnestParameters.encode(c, columns);
    }

    /** A record read through {@link #recordOf}; a snapshot row always has fields, but none reads as empty. */
    static FoldedRecord record(String recordJson) throws SQLException {
        JsonNode record = SyncRowReader.json(recordJson);
        return FoldedRecord.of(record instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode());
    }
}
