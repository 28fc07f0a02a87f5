package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The whole snapshot table as text lines, read past RLS by the administrator, for comparing two snapshots. */
public final class SnapshotRows {
    private SnapshotRows() {
    }

    public static List<String> all(DataSource admin) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT concat_ws(' | ', user_id, mission_id, state::text, deleted, mission_state,
                                      next_run_at, next_run_at_text)
                     FROM mana_ai.mission_snapshots ORDER BY user_id, mission_id""")) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
