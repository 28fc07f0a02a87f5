package how.mana.ai.projection;

import how.mana.ai.sync.FieldCandidate;
import how.mana.ai.sync.RecordFold;
import how.mana.ai.sync.RecordState;
import how.mana.ai.sync.SyncRow;
import how.mana.ai.sync.SyncRowReader;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/** Every mission's stored fields as the fold's {@link RecordState}, read past RLS by the administrator. */
final class StoredFields {
    private StoredFields() {
    }

    static Map<RecordKey, RecordState> all(DataSource admin) throws SQLException {
        Map<RecordKey, TreeMap<String, FieldCandidate>> fields = new HashMap<>();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT user_id, mission_id, field, value::text, at_second, at_nano, row_created_at, row_id
                     FROM mana_ai.mission_fields""")) {
            while (rs.next()) {
                FieldCandidate candidate = new FieldCandidate(SyncRowReader.json(rs.getString(4)),
                        Instant.ofEpochSecond(rs.getLong(5), rs.getInt(6)),
                        rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8));
                fields.computeIfAbsent(new RecordKey(rs.getString(1), rs.getString(2)), k -> new TreeMap<>())
                        .put(rs.getString(3), candidate);
            }
        }
        Map<RecordKey, RecordState> states = new HashMap<>();
        fields.forEach((key, candidates) -> states.put(key, new RecordState(candidates)));
        return states;
    }

    /** What every mission's stored fields must be: the fold of all its rows, computed in Java from the table. */
    static Map<RecordKey, RecordState> foldOfAllRows(ManaSyncDatabase db) throws SQLException {
        Map<RecordKey, List<SyncRow>> rows = new HashMap<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + SyncRowReader.columns(db.syncTable(), "c")
                     + " FROM sync_changes c WHERE c.app_id = 'ai' AND c.table_name = 'aiMissions'")) {
            while (rs.next()) {
                SyncRow row = SyncRowReader.read(rs);
                rows.computeIfAbsent(new RecordKey(row.userId(), row.recordId()), k -> new ArrayList<>()).add(row);
            }
        }
        Map<RecordKey, RecordState> states = new HashMap<>();
        rows.forEach((key, history) -> states.put(key, RecordFold.of(history).state()));
        return states;
    }
}
