package how.mana.ai.budget;

import how.mana.ai.db.UnexpectedRowCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The tokens each planning run of an agent's mission used, in {@code mana_ai.token_usage} (SPEC §13.2), and the
 * 24-hour sum an agent's budget is checked against. The window is the database's clock, so every replica agrees.
 */
public final class TokenUsage {
    static final String TABLE = "mana_ai.token_usage";
    private final DataSource dataSource;

    public TokenUsage(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records one run's usage; nothing when it used none. */
    public void record(String userId, String agentId, String missionId, long tokens) throws SQLException {
        if (tokens <= 0) {
            return;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO mana_ai.token_usage (user_id, agent_id, mission_id, tokens_used) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, userId);
            ps.setString(2, agentId);
            ps.setString(3, missionId);
            ps.setInt(4, (int) Math.min(Integer.MAX_VALUE, tokens));
            UnexpectedRowCount.requireOne("recording token usage", TABLE, ps.executeUpdate());
        }
    }

    /** The agent's tokens of the last 24 hours, on the caller's connection (inside its transaction). */
    public static long usedInLastDay(Connection c, String userId, String agentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(sum(tokens_used), 0) FROM mana_ai.token_usage
                 WHERE user_id = ? AND agent_id = ? AND ts > now() - interval '24 hours'""")) {
            ps.setString(1, userId);
            ps.setString(2, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Deletes rows older than 48 hours, which no window reaches any more; returns how many. */
    public int prune() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM mana_ai.token_usage WHERE ts < now() - interval '48 hours'")) {
            return ps.executeUpdate();
        }
    }
}
