package how.mana.ai.projection;

import how.mana.ai.mission.Agent;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.WithUser;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The agents of every user (app {@code ai}, table {@code agents}, SPEC §12.2), projected as the record kind
 * {@link #KIND} with the same fold and the same lossless refresh as missions, and read per user in that user's
 * row-level-security scope.
 */
public final class AgentProjection {
    /** Agents; nothing is queried across users, so their snapshot rows need no columns beyond {@code deleted}. */
    public static final RecordKind KIND = new RecordKind("agent", "ai", "agents", List.of());

    private static final String OF_USER = "SELECT a.agent_id, " + SnapshotStore.recordOf(KIND, "a")
            + " FROM mana_ai.agent_snapshots a WHERE a.user_id = ? AND NOT a.deleted";

    private final RecordProjection records;
    private final DataSource dataSource;

    /** @param rebuildReads see {@link RecordProjection#RecordProjection} */
    public AgentProjection(DataSource serviceDataSource, DataSource rebuildReads) {
        this.records = new RecordProjection(KIND, serviceDataSource, rebuildReads);
        this.dataSource = serviceDataSource;
    }

    public RecordProjection records() {
        return records;
    }

    /** One user's agents that are not deleted, by id. */
    public Map<String, Agent> agentsOf(String userId) throws SQLException {
        return WithUser.run(dataSource, userId, c -> {
            Map<String, Agent> agents = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(OF_USER)) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String id = rs.getString(1);
                        FoldedRecord folded = SnapshotStore.record(rs.getString(2));
                        Agent.from(userId, id, folded.record(), folded.deleted()).ifPresent(a -> agents.put(id, a));
                    }
                }
            }
            return agents;
        });
    }
}
