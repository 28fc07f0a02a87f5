package how.mana.ai.runs;

import how.mana.ai.mission.AgentDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The last decision of the agent gates per mission, in {@code mana_ai.agent_decisions}: why a mission of an agent
 * was or was not planned, for {@code /internal/missions} on any replica. Written only when it changes, so a mission
 * skipped tick after tick costs one statement and no new row version.
 */
public final class AgentDecisions {
    private final DataSource dataSource;

    public AgentDecisions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One decision as the listing shows it. */
    public record Entry(String agentId, String decision, String decidedAt) {
    }

    public void record(String userId, String missionId, String agentId, AgentDecision decision) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mana_ai.agent_decisions AS d (user_id, mission_id, agent_id, decision)
                VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id, mission_id) DO UPDATE
                   SET agent_id = excluded.agent_id, decision = excluded.decision, decided_at = now()
                 WHERE (d.agent_id, d.decision) IS DISTINCT FROM (excluded.agent_id, excluded.decision)""")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            ps.setString(3, agentId);
            ps.setString(4, decision.wireName());
            ps.executeUpdate();
        }
    }

    /** The user's missions' last decisions, by mission id. */
    public Map<String, Entry> of(String userId) throws SQLException {
        Map<String, Entry> entries = new HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT mission_id, agent_id, decision, decided_at FROM mana_ai.agent_decisions WHERE user_id = ?")) {
            ps.setString(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    entries.put(rs.getString(1), new Entry(rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant().toString()));
                }
            }
        }
        return entries;
    }
}
