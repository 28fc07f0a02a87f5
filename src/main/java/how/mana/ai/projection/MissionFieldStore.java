package how.mana.ai.projection;

import how.mana.ai.sync.FieldCandidate;
import how.mana.ai.sync.RecordState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Merges folded candidates into {@code mana_ai.mission_fields} in one statement per batch. PostgreSQL applies the
 * fold's precedence itself ({@link FieldCandidate#PRECEDENCE}: instant, then row created_at, then row id), so a
 * stored field is neither loaded nor rewritten unless the offer beats it.
 */
final class MissionFieldStore {
    /** Fields whose winners decide a snapshot row's columns ({@link SnapshotColumns}). */
    static final Set<String> COLUMN_FIELDS = Set.of("state", "nextRunAt", "deletedAt");

    private static final String MERGE = """
            INSERT INTO mana_ai.mission_fields AS f
                (user_id, mission_id, field, value, at_second, at_nano, row_created_at, row_id)
            SELECT u, m, k, v::jsonb, s, n, c::timestamptz, r
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::int[], ?::text[], ?::text[])
                 AS t(u, m, k, v, s, n, c, r)
            ON CONFLICT (user_id, mission_id, field) DO UPDATE SET
                value = excluded.value, at_second = excluded.at_second, at_nano = excluded.at_nano,
                row_created_at = excluded.row_created_at, row_id = excluded.row_id
            WHERE (excluded.at_second, excluded.at_nano, excluded.row_created_at, excluded.row_id)
                > (f.at_second, f.at_nano, f.row_created_at, f.row_id)
            RETURNING user_id, mission_id, field, xmax = 0""";

    private MissionFieldStore() {
    }

    /**
     * What one merge changed.
     *
     * @param changed  missions with at least one field inserted or replaced
     * @param recolumn missions whose snapshot columns may have changed: a field is new (so possibly the mission)
     *                 or one of {@link #COLUMN_FIELDS} got a new winner
     */
    record Merged(Set<MissionKey> changed, Set<MissionKey> recolumn) {
    }

    /** @param batch per mission, the fold of some new rows; no mission twice (a statement may touch a key once) */
    static Merged merge(Connection c, Map<MissionKey, RecordState> batch) throws SQLException {
        Set<MissionKey> changed = new LinkedHashSet<>();
        Set<MissionKey> recolumn = new LinkedHashSet<>();
        if (batch.isEmpty()) {
            return new Merged(changed, recolumn);
        }
        int n = batch.values().stream().mapToInt(s -> s.fields().size()).sum();
        Object[] users = new Object[n];
        Object[] missions = new Object[n];
        Object[] fields = new Object[n];
        Object[] values = new Object[n];
        Object[] seconds = new Object[n];
        Object[] nanos = new Object[n];
        Object[] created = new Object[n];
        Object[] rowIds = new Object[n];
        int i = 0;
        for (Map.Entry<MissionKey, RecordState> mission : batch.entrySet()) {
            for (Map.Entry<String, FieldCandidate> field : mission.getValue().fields().entrySet()) {
                FieldCandidate candidate = field.getValue();
                users[i] = mission.getKey().userId();
                missions[i] = mission.getKey().missionId();
                fields[i] = field.getKey();
                values[i] = candidate.value().toString();
                seconds[i] = candidate.at().getEpochSecond();
                nanos[i] = candidate.at().getNano();
                created[i] = candidate.rowCreatedAt().toString();
                rowIds[i] = candidate.rowId();
                i++;
            }
        }
        try (PreparedStatement ps = c.prepareStatement(MERGE)) {
            ps.setArray(1, c.createArrayOf("text", users));
            ps.setArray(2, c.createArrayOf("text", missions));
            ps.setArray(3, c.createArrayOf("text", fields));
            ps.setArray(4, c.createArrayOf("text", values));
            ps.setArray(5, c.createArrayOf("int8", seconds));
            ps.setArray(6, c.createArrayOf("int4", nanos));
            ps.setArray(7, c.createArrayOf("text", created));
            ps.setArray(8, c.createArrayOf("text", rowIds));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    MissionKey key = new MissionKey(rs.getString(1), rs.getString(2));
                    changed.add(key);
                    if (rs.getBoolean(4) || COLUMN_FIELDS.contains(rs.getString(3))) {
                        recolumn.add(key);
                    }
                }
            }
        }
        return new Merged(changed, recolumn);
    }
}
