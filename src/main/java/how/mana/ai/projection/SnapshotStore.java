package how.mana.ai.projection;

import how.mana.ai.sync.RecordState;
import how.mana.ai.sync.RecordStateJson;
import how.mana.ai.sync.SyncRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Batched reads and writes of {@code mana_ai.mission_snapshots}: one statement per batch, whatever its size. */
final class SnapshotStore {
    private static final String LOAD = """
            SELECT s.user_id, s.mission_id, s.state::text
            FROM mana_ai.mission_snapshots s
            JOIN unnest(?::text[], ?::text[]) AS k(user_id, mission_id)
              ON s.user_id = k.user_id AND s.mission_id = k.mission_id""";
    private static final String UPSERT = """
            INSERT INTO mana_ai.mission_snapshots
                (user_id, mission_id, state, deleted, mission_state, next_run_at, next_run_at_text)
            SELECT u, m, s::jsonb, d, st, n::timestamptz, nt
            FROM unnest(?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[], ?::text[])
                 AS t(u, m, s, d, st, n, nt)
            ON CONFLICT (user_id, mission_id) DO UPDATE SET
                state = excluded.state, deleted = excluded.deleted, mission_state = excluded.mission_state,
                next_run_at = excluded.next_run_at, next_run_at_text = excluded.next_run_at_text,
                updated_at = now()""";

    private SnapshotStore() {
    }

    static Map<MissionKey, RecordState> load(Connection c, Collection<MissionKey> keys) throws SQLException {
        Map<MissionKey, RecordState> stored = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(LOAD)) {
            ps.setArray(1, c.createArrayOf("text", keys.stream().map(MissionKey::userId).toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.stream().map(MissionKey::missionId).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stored.put(new MissionKey(rs.getString(1), rs.getString(2)), decode(rs.getString(3)));
                }
            }
        }
        return stored;
    }

    static void upsert(Connection c, Map<MissionKey, RecordState> states) throws SQLException {
        if (states.isEmpty()) {
            return;
        }
        int n = states.size();
        Object[] users = new Object[n];
        Object[] missions = new Object[n];
        Object[] json = new Object[n];
        Object[] deleted = new Object[n];
        Object[] missionState = new Object[n];
        Object[] nextRunAt = new Object[n];
        Object[] nextRunAtText = new Object[n];
        int i = 0;
        for (Map.Entry<MissionKey, RecordState> e : states.entrySet()) {
            SnapshotColumns columns = SnapshotColumns.of(e.getValue().current());
            users[i] = e.getKey().userId();
            missions[i] = e.getKey().missionId();
            json[i] = RecordStateJson.toJson(e.getValue()).toString();
            deleted[i] = columns.deleted();
            missionState[i] = columns.state().orElse(null);
            nextRunAt[i] = columns.nextRunAt().map(Object::toString).orElse(null);
            nextRunAtText[i] = columns.nextRunAtText().orElse(null);
            i++;
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT)) {
            ps.setArray(1, c.createArrayOf("text", users));
            ps.setArray(2, c.createArrayOf("text", missions));
            ps.setArray(3, c.createArrayOf("text", json));
            ps.setArray(4, c.createArrayOf("bool", deleted));
            ps.setArray(5, c.createArrayOf("text", missionState));
            ps.setArray(6, c.createArrayOf("text", nextRunAt));
            ps.setArray(7, c.createArrayOf("text", nextRunAtText));
            ps.executeUpdate();
        }
    }

    /** A stored state; the column is only ever written by {@link #upsert}. */
    static RecordState decode(String stateJson) throws SQLException {
        return RecordStateJson.fromJson(SyncRowReader.json(stateJson));
    }
}
