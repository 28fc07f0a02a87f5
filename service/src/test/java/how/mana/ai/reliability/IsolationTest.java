package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.sync.WithUser;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.tick.TickStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Users kept apart on the least-privileged role: two users with the same mission id and the same goal id in their
 * inputs, each prompt carries only its owner's goal, each mission gets only its own iteration, and the role cannot
 * write or read another user's rows from inside a user's transaction.
 */
class IsolationTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final List<String> USERS = List.of("alice", "bob");

    @Test
    void twoUsersWithIdenticalMissionAndGoalIdsEachGetOnlyTheirOwnPromptAndIteration() throws Exception {
        MissionSeed.reset(db);
        for (String user : USERS) {
            db.insertChange(user, "companion", "goals", "goal-1", "insert",
                    "{\"title\":\"Goal of " + user + "\",\"currentValue\":1,\"target\":{\"value\":5},\"period\":\"week\"}",
                    null, null);
            ObjectNode mission = MissionSeed.dueMission(user, "mission-1", "Mission of " + user);
            mission.withArray("inputs").addObject().put("module", "goals").put("table", "goals").put("id", "goal-1");
            mission.withArray("iterations").addObject().put("id", "earlier-" + user).put("overallStatus", "approved")
                    .putArray("plan");
            MissionSeed.insert(db, user, "mission-1", mission);
        }

        TickStats stats;
        try (FakeLlm llm = FakeLlm.planningEverything();
             InProcessService service = InProcessService.open(ServiceEnv.inProcess(db, llm.url()))) {
            stats = service.tick().run();

            for (String user : USERS) {
                String other = USERS.get(1 - USERS.indexOf(user));
                assertThat(llm.userMessageContaining("Mission of " + user))
                        .contains("Goal of " + user).doesNotContain("Goal of " + other)
                        .doesNotContain("Mission of " + other).doesNotContain("earlier-" + other);
            }
        }

        assertThat(stats.plansWrittenBack()).isEqualTo(2);
        for (String user : USERS) {
            SlotCheck.assertEachPlannedExactlyOnce(db, user, List.of("mission-1"));
            JsonNode iterations = writtenIterations(user);
            assertThat(iterations).hasSize(2);
            assertThat(iterations.get(0).get("id").asText()).isEqualTo("earlier-" + user);
        }
    }

    @Test
    void insideOneUsersTransactionTheServiceRoleCanNeitherWriteNorSeeAnotherUsersRows() throws Exception {
        db.insertMissionChange("bob", "mission-1", "insert", "{\"title\":\"Bob's\"}", null, null);
        db.projection().refresh();

        assertThatThrownBy(() -> WithUser.run(db.service(), "alice", c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, client_id)
                    VALUES ('ai', 'aiMissions', 'mission-1', 'bob', 'update', '{}'::jsonb, 'mana-ai-runner')""")) {
                return ps.executeUpdate();
            }
        })).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        assertThat(countAs("alice", "SELECT count(*) FROM sync_changes WHERE user_id = 'bob'")).isZero();
        assertThat(countAs("alice", "SELECT count(*) FROM mana_ai.mission_snapshots WHERE user_id = 'bob'")).isZero();
        assertThat(countAs("bob", "SELECT count(*) FROM mana_ai.mission_snapshots WHERE user_id = 'bob'")).isOne();
    }

    /** A count read by the service role inside {@code userId}'s transaction. */
    private static long countAs(String userId, String sql) throws SQLException {
        return WithUser.run(db.service(), userId, c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private static JsonNode writtenIterations(String user) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT data::text FROM sync_changes WHERE client_id = 'mana-ai-runner' AND user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                JsonNode iterations = MissionSeed.JSON.readTree(rs.getString(1)).get("iterations");
                assertThat(rs.next()).as("one runner row for " + user).isFalse();
                return iterations;
            }
        }
    }
}
