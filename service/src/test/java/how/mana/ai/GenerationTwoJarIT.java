package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged jar's closed loop on a database a current mana-sync created (generation 2, SPEC §10). */
class GenerationTwoJarIT {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.of(SyncGeneration.TWO);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoTicksWriteEachDueMissionOnceInTheCurrentShapeAndLeaveEncryptedOnesToTheDevice() throws Exception {
        String due = IsoTime.format(Instant.now().minusSeconds(600));
        for (String mission : List.of("g2-m1", "g2-m2")) {
            insertMission(mission, "Plan " + mission, "Ziel " + mission, due);
        }
        insertMission("g2-secret", "enc:1:dGl0bGU=.eA==", "enc:1:b2JqZWN0aXZl.eQ==", due);

        try (FakeLlm llm = FakeLlm.planningEverything()) {
            JsonNode first = tick(llm);
            JsonNode second = tick(llm);

            assertThat(first.get("plansWrittenBack").asInt()).as(first.toString()).isEqualTo(2);
            assertThat(first.get("encryptedSkipped").asInt()).isEqualTo(1);
            assertThat(second.get("dueMissionCount").asInt()).as("nothing is due twice").isZero();
            assertThat(llm.userMessages()).as("one conversation per plain mission, none for the encrypted one").hasSize(2);
            assertThat(llm.requests()).allSatisfy(r -> assertThat(r.body().toString()).doesNotContain("enc:"));
        }

        List<String> written = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT record_id, data, field_meta, origin, actor FROM sync_changes"
                     + " WHERE client_id = 'mana-ai-runner'")) {
            while (rs.next()) {
                written.add(rs.getString(1));
                JsonNode data = JSON.readTree(rs.getString(2));
                assertThat(fieldNames(data)).containsExactlyInAnyOrder("iterations", "nextRunAt");
                assertThat(fieldNames(JSON.readTree(rs.getString(3)))).containsExactlyInAnyOrder("iterations",
                        "nextRunAt");
                assertThat(rs.getString(4)).isEqualTo("agent");
                JsonNode actor = JSON.readTree(rs.getString(5));
                assertThat(actor.get("kind").asText()).isEqualTo("ai");
                assertThat(actor.get("principalId").asText()).isEqualTo("legacy:ai-default");
                assertThat(actor.get("rationale").asText()).isEqualTo("Ziel " + rs.getString(1));
            }
        }
        assertThat(written).containsExactlyInAnyOrder("g2-m1", "g2-m2");
    }

    private static JsonNode tick(FakeLlm llm) throws Exception {
        try (JarProcess tick = JarProcess.start(Map.of("SYNC_DATABASE_URL", db.serviceJdbcUrl(),
                "MANA_LLM_URL", llm.url().toString()), "tick")) {
            assertThat(tick.waitFor()).as(tick.stderr()).isZero();
            assertThat(tick.stderr()).as("ciphertext in no log line").doesNotContain("enc:");
            return JSON.readTree(tick.stdout());
        }
    }

    private static void insertMission(String id, String title, String objective, String due) throws Exception {
        db.insertMissionChange("jar-user", id, "insert", JSON.createObjectNode().put("id", id).put("title", title)
                .put("objective", objective).put("state", "active").put("nextRunAt", due)
                .set("cadence", JSON.createObjectNode().put("kind", "interval").put("everyMinutes", 30)).toString(),
                null, null);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
