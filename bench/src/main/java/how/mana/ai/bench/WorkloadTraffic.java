package how.mana.ai.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * What devices write into a loaded workload while the service runs, as the administrator (mana-sync writes past
 * RLS). Needs the {@code bench} schema that {@link WorkloadGenerator#load} created.
 */
public final class WorkloadTraffic {
    private final DataSource admin;

    public WorkloadTraffic(DataSource admin) {
        this.admin = admin;
    }

    /**
     * Appends the rows that arrive between two ticks: {@code missionEdits} title or objective edits of missions drawn
     * by {@code round} (none changes which missions are due) and {@code otherRows} rows of other apps.
     *
     * @return rows inserted
     */
    public int appendEdits(long round, int missionEdits, int otherRows) throws SQLException {
        try (Connection c = admin.getConnection();
             PreparedStatement ps = c.prepareStatement(BenchSql.load("workload-edits.sql", c))) {
            ps.setInt(1, missionEdits);
            ps.setLong(2, round);
            ps.setInt(3, otherRows);
            return ps.executeUpdate();
        }
    }

    /**
     * Makes {@code count} further missions due now, as "run now" on a device would.
     *
     * @return missions made due (fewer when the workload has not that many active, undue missions)
     */
    public int armDue(int count) throws SQLException {
        try (Connection c = admin.getConnection();
             PreparedStatement ps = c.prepareStatement(BenchSql.load("workload-arm.sql", c))) {
            ps.setInt(1, count);
            return ps.executeUpdate();
        }
    }
}
