package how.mana.ai.bench;

import how.mana.ai.sync.SyncChanges;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The missions one scenario phase creates due, as devices write them (an insert into {@code sync_changes} whose
 * {@code nextRunAt} is the moment of the write, under {@code clientId}), and what became of them. A title holding
 * {@link #SLOW_MARKER} asks the scenario's fake LLM for a slow answer.
 */
final class ScenarioMissions {
    /** In a mission's title, and so in its prompt: the fake LLM answers it slowly. */
    static final String SLOW_MARKER = "[slow-llm]";
    /** Missions are spread over this many users. */
    private static final int USERS = 100;

    private final String clientId;
    private final List<String> ids = new ArrayList<>();

    ScenarioMissions(String clientId) {
        this.clientId = clientId;
    }

    /** Creates mission number {@code ids().size()}, due now, on {@code c} (in its transaction, if one is open). */
    void createDue(Connection c, boolean slow) throws SQLException {
        int n = ids.size();
        String id = UUID.randomUUID().toString();
        try (PreparedStatement ps = c.prepareStatement(BenchSql.load("scenario-due-mission.sql", c))) {
            ps.setString(1, id);
            ps.setString(2, "scenario-user-" + n % USERS);
            ps.setString(3, clientId + " mission " + n + (slow ? " " + SLOW_MARKER : ""));
            ps.setString(4, clientId);
            ps.executeUpdate();
        }
        ids.add(id);
    }

    int count() {
        return ids.size();
    }

    /** Every mission created so far, as {@link MissionOutcome}s read now. */
    List<MissionOutcome> outcomes(DataSource admin) throws SQLException {
        List<MissionOutcome> outcomes = new ArrayList<>(ids.size());
        try (Connection c = admin.getConnection();
             PreparedStatement ps = c.prepareStatement(BenchSql.load("scenario-outcomes.sql"))) {
            Array idArray = c.createArrayOf("text", ids.toArray());
            ps.setString(1, SLOW_MARKER);
            ps.setString(2, SyncChanges.CLIENT_ID);
            ps.setArray(3, idArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp written = rs.getTimestamp("first_at");
                    outcomes.add(new MissionOutcome(rs.getTimestamp("due_at").toInstant(), rs.getBoolean("slow"),
                            Optional.ofNullable(written).map(Timestamp::toInstant), rs.getInt("writes")));
                }
            }
        }
        return outcomes;
    }

    /** How many of the missions mana-ai has written an iteration for. */
    long written(DataSource admin) throws SQLException {
        return outcomes(admin).stream().filter(o -> o.writtenAt().isPresent()).count();
    }
}
