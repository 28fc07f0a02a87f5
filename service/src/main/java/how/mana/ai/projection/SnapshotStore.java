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

/**
 * Batched reads and writes of {@code mana_ai.mission_snapshots} (one row per mission, the columns the due query and
 * the listing filter on) and of whole records assembled from {@code mana_ai.mission_fields}.
 */
final class SnapshotStore {
    /** The folded record of the snapshot row {@code m}, as jsonb text: its fields' winning values. */
    static final String RECORD_OF_M = """
            (SELECT jsonb_object_agg(f.field, f.value) FROM mana_ai.mission_fields f
             WHERE f.user_id = m.user_id AND f.mission_id = m.mission_id)::text""";

    private static final String READ_COLUMN_FIELDS = """
            SELECT f.user_id, f.mission_id, f.field, f.value::text
            FROM mana_ai.mission_fields f
            JOIN unnest(?::text[], ?::text[]) AS k(user_id, mission_id)
              ON f.user_id = k.user_id AND f.mission_id = k.mission_id
            WHERE f.field = ANY (?::text[])""";
    private static final String INSERT = """
            INSERT INTO mana_ai.mission_snapshots
                (user_id, mission_id, deleted, mission_state, next_run_at, next_run_at_text)
            SELECT u, m, d, st, n::timestamptz, nt
            FROM unnest(?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[]) AS t(u, m, d, st, n, nt)
            """;
    private static final String UPSERT = INSERT + """
            ON CONFLICT (user_id, mission_id) DO UPDATE SET
                deleted = excluded.deleted, mission_state = excluded.mission_state,
                next_run_at = excluded.next_run_at, next_run_at_text = excluded.next_run_at_text,
                updated_at = now()""";

    private SnapshotStore() {
    }

    /** The snapshot columns of these missions, from their stored winners of {@link SnapshotColumns#FIELDS}. */
    static Map<MissionKey, SnapshotColumns> columnsOf(Connection c, Collection<MissionKey> keys) throws SQLException {
        Map<MissionKey, ObjectNode> records = new LinkedHashMap<>();
        keys.forEach(key -> records.put(key, JsonNodeFactory.instance.objectNode()));
        if (!keys.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement(READ_COLUMN_FIELDS)) {
                UnnestParameters.bind(c, ps, text(keys.stream().map(MissionKey::userId).toArray(String[]::new)),
                        text(keys.stream().map(MissionKey::missionId).toArray(String[]::new)),
                        text(SnapshotColumns.FIELDS.toArray(String[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        records.get(new MissionKey(rs.getString(1), rs.getString(2)))
                                .set(rs.getString(3), SyncRowReader.json(rs.getString(4)));
                    }
                }
            }
        }
        Map<MissionKey, SnapshotColumns> columns = new LinkedHashMap<>();
        records.forEach((key, record) -> columns.put(key, SnapshotColumns.of(FoldedRecord.of(record))));
        return columns;
    }

    static void upsert(Connection c, Map<MissionKey, SnapshotColumns> rows) throws SQLException {
        if (!rows.isEmpty()) {
            execute(c, UPSERT, encode(c, rows));
        }
    }

    /** Inserts rows of missions the table does not hold (a rebuild's), encoded by {@link #encode}. */
    static void insertAll(Connection c, UnnestParameters.Bound rows) throws SQLException {
        execute(c, INSERT, rows);
    }

    private static void execute(Connection c, String sql, UnnestParameters.Bound rows) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            rows.bindTo(ps);
            ps.executeUpdate();
        }
    }

    /** The parameters of {@link #INSERT} and the upsert, one array element per row. */
    static UnnestParameters.Bound encode(Connection c, Map<MissionKey, SnapshotColumns> rows) throws SQLException {
        int n = rows.size();
        String[] users = new String[n];
        String[] missions = new String[n];
        Boolean[] deleted = new Boolean[n];
        String[] missionState = new String[n];
        String[] nextRunAt = new String[n];
        String[] nextRunAtText = new String[n];
        int i = 0;
        for (Map.Entry<MissionKey, SnapshotColumns> e : rows.entrySet()) {
            SnapshotColumns columns = e.getValue();
            users[i] = e.getKey().userId();
            missions[i] = e.getKey().missionId();
            deleted[i] = columns.deleted();
            missionState[i] = columns.state().orElse(null);
            nextRunAt[i] = columns.nextRunAt().map(Object::toString).orElse(null);
            nextRunAtText[i] = columns.nextRunAtText().orElse(null);
            i++;
        }
        return UnnestParameters.encode(c, text(users), text(missions), bool(deleted),
                text(missionState), text(nextRunAt), text(nextRunAtText));
    }

    /** A record read through {@link #RECORD_OF_M}; a snapshot row always has fields, but none reads as empty. */
    static FoldedRecord record(String recordJson) throws SQLException {
        JsonNode record = SyncRowReader.json(recordJson);
        return FoldedRecord.of(record instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode());
    }
}
