package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * The views over each record kind's rows of {@code sync_changes} ({@code mana_ai.<kind>_changes}), defined by the
 * definer-rights function {@code mana_ai.define_record_views()} (V7) for the stamp column the table has now (SPEC
 * §10.4). {@code migrate} and every start call it, so a stamp column added while the service ran is read from the
 * next start on.
 */
public final class RecordViews {
    private RecordViews() {
    }

    /** (Re)defines the views and returns the table's generation, 1 or 2; runs with the administrator's rights. */
    public static int define(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT mana_ai.define_record_views()")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
