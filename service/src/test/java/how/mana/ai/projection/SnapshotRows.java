package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The whole snapshot (each mission's columns and stored fields) as text lines, read past RLS by the administrator,
 * for comparing two snapshots.
 */
public final class SnapshotRows {
    private SnapshotRows() {
    }

    public static List<String> all(DataSource admin) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT concat_ws(' | ', m.user_id, m.mission_id, m.deleted, m.mission_state, m.next_run_at,
                                      m.next_run_at_text,
                                      (SELECT jsonb_object_agg(f.field, jsonb_build_array(f.value, f.at_second,
                                                  f.at_nano, f.row_created_at, f.row_id))
                                       FROM mana_ai.mission_fields f
                                       WHERE f.user_id = m.user_id AND f.mission_id = m.mission_id))
                     FROM mana_ai.mission_snapshots m ORDER BY m.user_id, m.mission_id""")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
