package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.Planner;
import how.mana.ai.planner.llm.TokenUsage;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The closed loop on the real database with a planner standing in for the LLM (SPEC §6). */
class MissionTickTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    private final TickHarness harness = new TickHarness(db);
    private final Set<String> planned = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void emptyTables() throws Exception {
        harness.reset();
    }

    @Test
    void aDueMissionGetsExactlyOneIterationWithTheRowShapeOfSpec6() throws Exception {
        harness.insertDueMission("u1", "m1");
        Instant before = Instant.now();

        TickStats stats = harness.tick(recordingPlanner(onePlan())).run();

        assertThat(stats.dueMissionCount()).isEqualTo(1);
        assertThat(stats.plansProduced()).isEqualTo(1);
        assertThat(stats.plansWrittenBack()).isEqualTo(1);
        assertThat(stats.errors()).isEmpty();
        List<TickHarness.WrittenRow> rows = harness.runnerRows();
        assertThat(rows).hasSize(1);
        TickHarness.WrittenRow row = rows.getFirst();
        assertThat(List.of(row.appId(), row.tableName(), row.recordId(), row.userId(), row.op(), row.clientId()))
                .containsExactly("ai", "aiMissions", "m1", "u1", "update", "mana-ai-runner");
        assertThat(row.schemaVersion()).isEqualTo(1);
        assertThat(row.actor()).isEqualTo(TickHarness.JSON.readTree("{\"kind\":\"system\",\"source\":\"mission-runner\"}"));
        assertThat(fieldNames(row.data())).containsExactlyInAnyOrder("iterations", "nextRunAt", "updatedAt");
        String updatedAt = row.data().get("updatedAt").asText();
        assertThat(updatedAt).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(fieldNames(row.stamps())).containsExactlyInAnyOrder("iterations", "nextRunAt", "updatedAt");
        row.stamps().forEach(ts -> assertThat(ts.asText()).isEqualTo(updatedAt));

        JsonNode iterations = row.data().get("iterations");
        assertThat(iterations).hasSize(2);
        assertThat(iterations.get(0).get("id").asText()).as("earlier iterations kept").isEqualTo("it-0");
        JsonNode iteration = row.newIteration();
        String id = new SlotKey("u1", "m1", slotOf("m1")).iterationId().toString();
        assertThat(iteration.get("id").asText()).isEqualTo(id);
        assertThat(iteration.get("source").asText()).isEqualTo("server");
        assertThat(iteration.get("overallStatus").asText()).isEqualTo("awaiting-review");
        assertThat(iteration.get("plan").get(0).get("id").asText()).isEqualTo(id + "-0");
        assertThat(iteration.get("plan").get(0).get("rationale").asText()).isEqualTo("weil es hilft");
        assertThat(iteration.get("plan").get(0).get("intent").get("params").get("title").asText()).isEqualTo("Laufen");

        Instant nextRunAt = Instant.parse(row.data().get("nextRunAt").asText());
        assertThat(nextRunAt).isBetween(before.plus(Duration.ofMinutes(60)), Instant.now().plus(Duration.ofMinutes(60)));
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("done/0");

        TickStats second = harness.tick(recordingPlanner(onePlan())).run();
        assertThat(second.dueMissionCount()).isZero();
        assertThat(harness.runnerRows()).as("a second tick writes nothing").hasSize(1);
    }

    @Test
    void pausedDeletedAndFutureMissionsAreNotPlanned() throws Exception {
        harness.insertMission("u1", "paused", "paused", Instant.now().minusSeconds(60), "{\"kind\":\"manual\"}");
        harness.insertMission("u1", "future", "active", Instant.now().plusSeconds(3600), "{\"kind\":\"manual\"}");
        harness.insertDueMission("u1", "deleted");
        db.insertMissionChange("u1", "deleted", "delete", null, null, null);
        harness.insertDueMission("u1", "due");

        TickStats stats = harness.tick(recordingPlanner(onePlan())).run();

        assertThat(planned).containsExactly("due");
        assertThat(stats.dueMissionCount()).isEqualTo(1);
        assertThat(harness.runnerRows()).extracting(TickHarness.WrittenRow::recordId).containsExactly("due");
    }

    @Test
    void aMissionRescheduledWhilePlanningIsSupersededAndNothingIsWritten() throws Exception {
        harness.insertDueMission("u1", "m1");
        Planner reschedulingPlanner = (mission, tools) -> {
            try {
                harness.deviceUpdate("u1", "m1",
                        "{\"nextRunAt\":\"" + IsoTime.format(Instant.now().plusSeconds(7200)) + "\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return onePlan();
        };

        TickStats stats = harness.tick(reschedulingPlanner).run();

        assertThat(stats.plansProduced()).isEqualTo(1);
        assertThat(stats.plansWrittenBack()).isZero();
        assertThat(stats.superseded()).isEqualTo(1);
        assertThat(harness.runnerRows()).isEmpty();
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("superseded/0");
    }

    @Test
    void aPausedMissionWhilePlanningIsSuperseded() throws Exception {
        harness.insertDueMission("u1", "m1");
        Planner pausingPlanner = (mission, tools) -> {
            try {
                harness.deviceUpdate("u1", "m1", "{\"state\":\"paused\"}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return onePlan();
        };

        assertThat(harness.tick(pausingPlanner).run().superseded()).isEqualTo(1);
        assertThat(harness.runnerRows()).isEmpty();
    }

    @Test
    void iterationsAreBuiltFromTheMissionAsItStandsAtWriteTime() throws Exception {
        harness.insertDueMission("u1", "m1");
        Planner planner = (mission, tools) -> {
            try {
                harness.deviceUpdate("u1", "m1", "{\"iterations\":[{\"id\":\"it-0\",\"plan\":[],\"userFeedback\":\"mehr Pausen\"},"
                        + "{\"id\":\"device-it\",\"plan\":[]}]}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return onePlan();
        };

        harness.tick(planner).run();

        JsonNode iterations = harness.runnerRows().getFirst().data().get("iterations");
        assertThat(iterations).extracting(i -> i.get("id").asText()).hasSize(3).startsWith("it-0", "device-it");
        assertThat(iterations.get(0).get("userFeedback").asText()).isEqualTo("mehr Pausen");
    }

    @Test
    void anLlmThatKeepsFailingGetsAFailedIterationAfterTheLastAttemptAndNotBefore() throws Exception {
        harness.insertDueMission("u1", "m1");
        Planner failing = (mission, tools) -> new PlanOutcome.LlmFailure("HTTP 503 from the LLM", TokenUsage.NONE);
        MissionTick tick = harness.tick(db.service(), failing, "runner-a", 3, Duration.ofMinutes(5));

        TickStats first = tick.run();
        assertThat(first.llmFailures()).isEqualTo(1);
        assertThat(first.errors()).singleElement().asString().startsWith("mission=m1").contains("503");
        assertThat(harness.runnerRows()).isEmpty();
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("pending/1");

        tick.run();
        assertThat(harness.runnerRows()).as("not before the last attempt").isEmpty();
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("pending/2");

        TickStats third = tick.run();
        assertThat(third.failedIterationsWritten()).isEqualTo(1);
        List<TickHarness.WrittenRow> rows = harness.runnerRows();
        assertThat(rows).hasSize(1);
        JsonNode iteration = rows.getFirst().newIteration();
        assertThat(iteration.get("overallStatus").asText()).isEqualTo("failed");
        assertThat(iteration.get("plan")).isEmpty();
        assertThat(iteration.get("summary").asText()).startsWith("planner failed: ").contains("503");
        assertThat(rows.getFirst().data().get("nextRunAt").asText()).as("next run scheduled").isNotEmpty();
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("failed/3");

        assertThat(tick.run().dueMissionCount()).as("the failed slot is not retried").isZero();
    }

    @Test
    void backoffKeepsAFailedSlotFromBeingRetriedEarly() throws Exception {
        harness.insertDueMission("u1", "m1");
        AtomicInteger calls = new AtomicInteger();
        Planner failing = (mission, tools) -> {
            calls.incrementAndGet();
            return new PlanOutcome.LlmFailure("timeout", TokenUsage.NONE);
        };
        MissionTick tick = harness.tick(db.service(), failing, "runner-b", 5, Duration.ofMinutes(5),
                new how.mana.ai.runs.Backoff(Duration.ofHours(1), Duration.ofHours(2)));

        tick.run();
        TickStats second = tick.run();

        assertThat(calls).hasValue(1);
        assertThat(second.dueMissionCount()).as("a slot backing off is not taken up").isZero();
        assertThat(second.errors()).isEmpty();
    }

    @Test
    void parseFailuresAreCountedApartFromLlmFailures() throws Exception {
        harness.insertDueMission("u1", "bad-plan");
        harness.insertDueMission("u1", "dead-llm");
        harness.insertDueMission("u1", "fine");
        Planner planner = (mission, tools) -> switch (mission.id()) {
            case "bad-plan" -> new PlanOutcome.ParseFailure("step 0: toolName \"rm_rf\" is not an allowed tool", TokenUsage.NONE);
            case "dead-llm" -> new PlanOutcome.LlmFailure("connection refused", TokenUsage.NONE);
            default -> onePlan();
        };

        TickStats stats = harness.tick(planner).run();

        assertThat(stats.parseFailures()).isEqualTo(1);
        assertThat(stats.llmFailures()).isEqualTo(1);
        assertThat(stats.plansWrittenBack()).isEqualTo(1);
        assertThat(stats.errors()).hasSize(2).anySatisfy(e -> assertThat(e).startsWith("mission=bad-plan"))
                .anySatisfy(e -> assertThat(e).startsWith("mission=dead-llm"));
    }

    /** SPEC §13.1, §21.7: every run's tokens count, a failed run's too; each run is offered the configured tools. */
    @Test
    void tokensUsedSumsEveryRunsUsageAndEveryRunIsOfferedTheTools() throws Exception {
        harness.insertDueMission("u1", "planned");
        harness.insertDueMission("u1", "rejected");
        harness.insertDueMission("u1", "failed");
        List<ToolCatalog> offered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Planner planner = (mission, tools) -> {
            offered.add(tools.offered());
            return switch (mission.id()) {
                case "planned" -> new PlanOutcome.Planned(new Plan("", List.of()), new TokenUsage(1000, 200));
                case "rejected" -> new PlanOutcome.ParseFailure("all 1 tool calls rejected", new TokenUsage(900, 30));
                default -> new PlanOutcome.LlmFailure("LLM answered HTTP 503 (unknown)", new TokenUsage(800, 0));
            };
        };

        TickStats stats = harness.tick(planner).run();

        assertThat(stats.tokensUsed()).isEqualTo(1000 + 200 + 900 + 30 + 800);
        assertThat(offered).hasSize(3).containsOnly(TickHarness.TOOLS);
        assertThat(stats.errors()).anySatisfy(e -> assertThat(e).startsWith("mission=failed").contains("(unknown)"));
    }

    @Test
    void aPlannerThatThrowsFailsOnlyItsOwnMission() throws Exception {
        harness.insertDueMission("u1", "boom");
        harness.insertDueMission("u1", "fine");
        Planner planner = (mission, tools) -> {
            if (mission.id().equals("boom")) {
                throw new IllegalStateException("planner bug");
            }
            return onePlan();
        };

        TickStats stats = harness.tick(planner).run();

        assertThat(stats.plansWrittenBack()).isEqualTo(1);
        assertThat(stats.errors()).singleElement().asString().startsWith("mission=boom");
    }

    @Test
    void aMissionWithAnInvalidCadenceIsPlannedAndGetsANullNextRun() throws Exception {
        harness.insertMission("u1", "m1", "active", Instant.now().minusSeconds(60), "{\"kind\":\"fortnightly\"}");

        harness.tick(recordingPlanner(onePlan())).run();

        JsonNode data = harness.runnerRows().getFirst().data();
        assertThat(data.has("nextRunAt")).isTrue();
        assertThat(data.get("nextRunAt").isNull()).isTrue();
    }

    @Test
    void anEmptyPlanIsWrittenAsApproved() throws Exception {
        harness.insertDueMission("u1", "m1");

        harness.tick((mission, tools) -> new PlanOutcome.Planned(new Plan("nichts zu tun", List.of()), TokenUsage.NONE))
                .run();

        assertThat(harness.runnerRows().getFirst().newIteration().get("overallStatus").asText()).isEqualTo("approved");
    }

    @Test
    void twoUsersWithTheSameMissionIdEachGetOnlyTheirOwnIteration() throws Exception {
        harness.insertDueMission("alice", "same-id");
        harness.insertDueMission("bob", "same-id");
        harness.deviceUpdate("bob", "same-id", "{\"title\":\"Bobs Plan\"}");

        harness.tick((mission, tools) -> new PlanOutcome.Planned(new Plan("für " + mission.title(), List.of()),
                TokenUsage.NONE)).run();

        List<TickHarness.WrittenRow> rows = harness.runnerRows();
        assertThat(rows).hasSize(2);
        for (TickHarness.WrittenRow row : rows) {
            String expected = row.userId().equals("bob") ? "für Bobs Plan" : "für Wochenplan same-id";
            assertThat(row.newIteration().get("summary").asText()).isEqualTo(expected);
        }
    }

    @Test
    void aSlotUpdateThatTouchesNoRowIsTheErrorOfItsMissionAloneLoggedCountedAndRolledBack() throws Exception {
        harness.insertDueMission("u1", "lost-slot");
        harness.insertDueMission("u1", "fine");
        TickStats stats;
        // The slot row is locked and ours, yet the update marking it finished touches no row.
        try (var swallowed = harness.rowTrigger("mana_ai.run_slots", "BEFORE UPDATE", """
                IF OLD.mission_id = 'lost-slot' AND NEW.status <> 'pending' THEN RETURN NULL; END IF;
                RETURN NEW;""");
             LogCapture logs = new LogCapture()) {
            stats = harness.tick(recordingPlanner(onePlan())).run();

            assertThat(logs.linesWith("mission run failed", "mission", "lost-slot")).singleElement().asString()
                    .startsWith("ERROR").contains("user=u1", "slot=", "table=mana_ai.run_slots", "rows=0");
        }

        assertThat(stats.plansWrittenBack()).as("the other mission is written").isEqualTo(1);
        assertThat(stats.errors()).singleElement().asString().startsWith("mission=lost-slot user=u1")
                .contains("UnexpectedRowCount", "marking the slot finished touched 0 rows of mana_ai.run_slots");
        assertThat(harness.runnerRows()).as("the iteration row was rolled back with the slot's update")
                .extracting(TickHarness.WrittenRow::recordId).containsExactly("fine");
        assertThat(harness.slotStatus("u1", "lost-slot")).as("given back to be retried").isEqualTo("pending/1");
        assertThat(unexpectedRowCounts("mana_ai.run_slots")).isEqualTo(1);
        assertThat(unexpectedRowCounts("sync_changes")).isZero();
    }

    @Test
    void anIterationRowDroppedSilentlyLeavesTheSlotUnfinishedAndIsCounted() throws Exception {
        harness.insertDueMission("u1", "dropped");
        TickStats stats;
        try (var dropped = harness.rowTrigger("sync_changes", "BEFORE INSERT", """
                IF NEW.client_id = 'mana-ai-runner' THEN RETURN NULL; END IF;
                RETURN NEW;""")) {
            stats = harness.tick(recordingPlanner(onePlan())).run();
        }

        assertThat(stats.plansWrittenBack()).isZero();
        assertThat(stats.errors()).singleElement().asString().startsWith("mission=dropped")
                .contains("appending a change touched 0 rows of sync_changes");
        assertThat(harness.slotStatus("u1", "dropped")).as("not marked done without its iteration")
                .isEqualTo("pending/1");
        assertThat(unexpectedRowCounts("sync_changes")).isEqualTo(1);
    }

    private double unexpectedRowCounts(String table) {
        return harness.meters().get("mana_ai_unexpected_row_counts").tag("table", table).counter().count();
    }

    private Planner recordingPlanner(PlanOutcome outcome) {
        return (mission, tools) -> {
            planned.add(mission.id());
            return outcome;
        };
    }

    static PlanOutcome onePlan() {
        ObjectNode params = TickHarness.JSON.createObjectNode().put("title", "Laufen");
        return new PlanOutcome.Planned(new Plan("Plan der Woche",
                List.of(new PlannedStep("create_task", params, "Lauf eintragen", "weil es hilft"))), TokenUsage.NONE);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String slotOf(String missionId) throws Exception {
        try (var c = db.admin().getConnection(); var ps = c.prepareStatement(
                "SELECT slot FROM mana_ai.run_slots WHERE mission_id = ?")) {
            ps.setString(1, missionId);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
