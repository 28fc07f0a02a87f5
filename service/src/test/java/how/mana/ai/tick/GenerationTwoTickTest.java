package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.planner.Planner;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.testing.ManaSyncDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The closed loop on a current mana-sync table (SPEC §10–§11, §21.2): the row shape of §10.6, the AI actor of §11.2,
 * encrypted mission text, and fields of newer devices kept.
 */
class GenerationTwoTickTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.of(SyncGeneration.TWO);

    private final TickHarness harness = new TickHarness(db);
    private final Set<String> planned = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void emptyTables() throws Exception {
        harness.reset();
    }

    @Test
    void aDueMissionGetsOneRowOfTheCurrentShapeUnderTheDefaultAgent() throws Exception {
        harness.insertDueMission("u1", "m1");

        TickStats stats = harness.tick(recordingPlanner()).run();

        assertThat(stats.plansWrittenBack()).isEqualTo(1);
        TickHarness.WrittenRow row = single(harness.runnerRows());
        assertThat(List.of(row.appId(), row.tableName(), row.recordId(), row.userId(), row.op(), row.clientId()))
                .containsExactly("ai", "aiMissions", "m1", "u1", "update", "mana-ai-runner");
        assertThat(row.origin()).isEqualTo("agent");
        assertThat(fieldNames(row.data())).containsExactlyInAnyOrder("iterations", "nextRunAt");
        assertThat(fieldNames(row.stamps())).containsExactlyInAnyOrder("iterations", "nextRunAt");
        String finishedAt = row.newIteration().get("finishedAt").asText();
        row.stamps().forEach(stamp -> assertThat(stamp.asText()).isEqualTo(finishedAt));
        assertThat(IsoTime.parse(row.data().get("nextRunAt").asText())).isPresent();
        assertThat(row.actor()).isEqualTo(actor("legacy:ai-default", "Mana", "m1",
                row.newIteration().get("id").asText(), "3x pro Woche laufen"));
    }

    @Test
    void theMissionsAgentOfTheSameUserSignsWithItsCurrentName() throws Exception {
        harness.insertDueMission("u1", "m1");
        insertAgent("u1", "coach", "{\"id\":\"coach\",\"name\":\"Lauf-Coach\"}");
        harness.deviceUpdate("u1", "m1", "{\"agentId\":\"coach\"}");
        // A millisecond stamp taken now can equal the insert's created_at (microseconds) truncated: one second on.
        db.insertChange("u1", "ai", "agents", "coach", "update", "{\"name\":\"Coach Kim\"}",
                "{\"name\":\"" + IsoTime.format(Instant.now().plusSeconds(1)) + "\"}", null);

        harness.tick(recordingPlanner()).run();

        TickHarness.WrittenRow row = single(harness.runnerRows());
        assertThat(row.actor().get("principalId").asText()).isEqualTo("coach");
        assertThat(row.actor().get("displayName").asText()).as("the agent's current name").isEqualTo("Coach Kim");
    }

    @Test
    void anAgentOfAnotherUserOrADeletedAgentLeavesTheDefault() throws Exception {
        harness.insertDueMission("u1", "foreign");
        harness.deviceUpdate("u1", "foreign", "{\"agentId\":\"shared-id\"}");
        insertAgent("u2", "shared-id", "{\"id\":\"shared-id\",\"name\":\"Someone else's\"}");
        harness.insertDueMission("u1", "gone");
        harness.deviceUpdate("u1", "gone", "{\"agentId\":\"old-agent\"}");
        insertAgent("u1", "old-agent", "{\"id\":\"old-agent\",\"name\":\"Retired\"}");
        db.insertChange("u1", "ai", "agents", "old-agent", "delete",
                "{\"deletedAt\":\"" + IsoTime.format(Instant.now()) + "\"}", null, null);
        harness.insertDueMission("u1", "odd");
        harness.deviceUpdate("u1", "odd", "{\"agentId\":42}");

        harness.tick(recordingPlanner()).run();

        List<TickHarness.WrittenRow> rows = harness.runnerRows();
        assertThat(rows).hasSize(3);
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.actor().get("principalId").asText()).as(row.recordId()).isEqualTo("legacy:ai-default");
            assertThat(row.actor().get("displayName").asText()).isEqualTo("Mana");
        });
    }

    @Test
    void anEncryptedObjectiveIsPlannedButNeverBecomesTheRationale() throws Exception {
        harness.insertDueMission("u1", "m1");
        harness.deviceUpdate("u1", "m1", "{\"objective\":\"enc:1:aXY=.Y2lwaGVy\"}");

        TickStats stats = harness.tick(recordingPlanner()).run();

        assertThat(stats.plansWrittenBack()).isEqualTo(1);
        assertThat(stats.encryptedSkipped()).isZero();
        JsonNode actor = single(harness.runnerRows()).actor();
        assertThat(actor.get("rationale").asText()).isEqualTo(PromptLocale.DE.encryptedPlaceholder());
        assertThat(actor.toString()).doesNotContain("enc:");
    }

    @Test
    void aMissionWhoseTitleAndObjectiveAreCiphertextIsLeftToTheDeviceOncePerSlot() throws Exception {
        harness.insertDueMission("u1", "secret");
        harness.deviceUpdate("u1", "secret", "{\"title\":\"enc:1:dGl0bGU=.eA==\",\"objective\":\"enc:1:b2Jq.eQ==\"}");
        harness.insertDueMission("u1", "plain");

        TickStats first = harness.tick(recordingPlanner()).run();
        TickStats second = harness.tick(recordingPlanner()).run();

        assertThat(planned).containsExactly("plain");
        assertThat(first.encryptedSkipped()).isEqualTo(1);
        assertThat(first.errors()).isEmpty();
        assertThat(harness.runnerRows()).extracting(TickHarness.WrittenRow::recordId).containsExactly("plain");
        assertThat(harness.slotStatus("u1", "secret")).isEqualTo("skipped/0");
        assertThat(second.dueMissionCount()).as("a skipped slot is not claimable again").isZero();
        assertThat(second.encryptedSkipped()).isZero();

        // The device moves the mission on: a new slot, looked at again.
        harness.deviceUpdate("u1", "secret",
                "{\"nextRunAt\":\"" + IsoTime.format(Instant.now().minus(Duration.ofMinutes(1))) + "\"}");
        assertThat(harness.tick(recordingPlanner()).run().encryptedSkipped()).isEqualTo(1);
    }

    @Test
    void iterationFieldsOfNewerDevicesArePreservedUntouched() throws Exception {
        harness.insertDueMission("u1", "m1");
        String browserIteration = """
                {"id":"it-browser","startedAt":"2026-04-01T08:00:00.000Z","plan":[],"overallStatus":"failed",
                 "errorDetails":{"name":"LlmError","message":"timeout","phase":"calling-llm","stack":"at x"},
                 "currentPhase":"finalizing","phaseStartedAt":"2026-04-01T08:00:01.000Z",
                 "phaseDetail":{"step":2},"cancelRequested":true}""";
        harness.deviceUpdate("u1", "m1", "{\"iterations\":[" + browserIteration + "]}");

        harness.tick(recordingPlanner()).run();

        JsonNode iterations = single(harness.runnerRows()).data().get("iterations");
        assertThat(iterations).hasSize(2);
        assertThat(iterations.get(0)).isEqualTo(TickHarness.JSON.readTree(browserIteration));
    }

    private Planner recordingPlanner() {
        return (mission, tools) -> {
            planned.add(mission.id());
            return MissionTickTest.onePlan();
        };
    }

    private static void insertAgent(String userId, String agentId, String recordJson) throws Exception {
        db.insertChange(userId, "ai", "agents", agentId, "insert", recordJson, null, null);
    }

    private static ObjectNode actor(String principal, String name, String mission, String iteration,
                                    String rationale) {
        return TickHarness.JSON.createObjectNode().put("kind", "ai").put("principalId", principal)
                .put("displayName", name).put("missionId", mission).put("iterationId", iteration)
                .put("rationale", rationale);
    }

    private static TickHarness.WrittenRow single(List<TickHarness.WrittenRow> rows) {
        assertThat(rows).hasSize(1);
        return rows.getFirst();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
