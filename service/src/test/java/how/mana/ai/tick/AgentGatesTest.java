package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import how.mana.ai.mission.IsoTime;
import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.Planner;
import how.mana.ai.planner.llm.TokenUsage;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import how.mana.ai.runs.AgentDecisions;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The agent gates of SPEC §12.4 on the real database, on one service instance and on two. */
class AgentGatesTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.of(SyncGeneration.TWO);

    private final TickHarness harness = new TickHarness(db);
    private final Set<String> planned = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void emptyTables() throws Exception {
        harness.reset();
    }

    @Test
    void pausedAndArchivedAgentsHoldTheirMissionsBackWithoutClaimingOrWriting() throws Exception {
        agent("u1", "resting", "{\"name\":\"Resting\",\"state\":\"paused\"}");
        agent("u1", "retired", "{\"name\":\"Retired\",\"state\":\"archived\"}");
        mission("u1", "m-paused", "resting");
        mission("u1", "m-archived", "retired");

        TickStats stats = harness.tick(recordingPlanner()).run();

        assertThat(planned).isEmpty();
        assertThat(stats.agentSkipped()).containsExactlyInAnyOrderEntriesOf(
                Map.of("skipped-paused", 1, "skipped-archived", 1));
        assertThat(stats.errors()).isEmpty();
        assertThat(harness.runnerRows()).isEmpty();
        assertThat(count("SELECT count(*) FROM mana_ai.run_slots")).as("no attempt used up").isZero();
        assertThat(new AgentDecisions(db.service()).of("u1")).hasSize(2).allSatisfy((mission, entry) ->
                assertThat(entry.decision()).isEqualTo(mission.equals("m-paused") ? "skipped-paused"
                        : "skipped-archived"));
        assertThat(decisions("skipped-paused")).isEqualTo(1);

        // Resumed in the app: planned on the next tick, and the decision says so.
        db.insertChange("u1", "ai", "agents", "resting", "update", "{\"state\":\"active\"}",
                "{\"state\":\"" + IsoTime.format(Instant.now()) + "\"}", null);
        TickStats resumed = harness.tick(recordingPlanner()).run();
        assertThat(planned).containsExactly("m-paused");
        assertThat(resumed.agentSkipped()).containsExactly(Map.entry("skipped-archived", 1));
        assertThat(new AgentDecisions(db.service()).of("u1").get("m-paused").decision()).isEqualTo("ran");
        assertThat(decisions("ran")).isEqualTo(1);
    }

    @Test
    void anAgentPlansAtMostItsCapAtOnceTheOthersWaitForALaterTick() throws Exception {
        agent("u1", "solo", "{\"name\":\"Solo\",\"maxConcurrentMissions\":1}");
        for (String m : List.of("m1", "m2", "m3")) {
            mission("u1", m, "solo");
        }
        // The one claimed mission is planned only once the other two were refused, so the tick has all three at once.
        Planner waitsForTheOthers = (mission, offered) -> {
            await().atMost(Duration.ofSeconds(10)).until(() -> decisionsOf("u1", "skipped-concurrency") == 2);
            planned.add(mission.id());
            return MissionTickTest.onePlan();
        };

        TickStats first = harness.tick(waitsForTheOthers).run();

        assertThat(planned).hasSize(1);
        assertThat(first.agentSkipped()).containsExactly(Map.entry("skipped-concurrency", 2));
        assertThat(first.plansWrittenBack()).isEqualTo(1);
        harness.tick(recordingPlanner()).run();
        harness.tick(recordingPlanner()).run();
        assertThat(planned).containsExactlyInAnyOrder("m1", "m2", "m3");
    }

    @Test
    void theCapHoldsAcrossTwoServiceInstances() throws Exception {
        agent("u1", "solo", "{\"name\":\"Solo\",\"maxConcurrentMissions\":1}");
        agent("u2", "solo", "{\"name\":\"Someone else's solo\",\"maxConcurrentMissions\":1}");
        for (String m : List.of("m1", "m2", "m3", "m4")) {
            mission("u1", m, "solo");
        }
        mission("u2", "theirs", "solo");
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Planner slow = (mission, offered) -> {
            if (mission.userId().equals("u1")) {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            }
            try {
                latency(Duration.ofMillis(300)); // an LLM call's, so that the two instances overlap
            } finally {
                if (mission.userId().equals("u1")) {
                    inFlight.decrementAndGet();
                }
            }
            planned.add(mission.userId() + "/" + mission.id());
            return MissionTickTest.onePlan();
        };
        var pool = db.newServicePool("second-instance", 4);

        try (ExecutorService instances = Executors.newFixedThreadPool(2)) {
            Future<TickStats> a = instances.submit(() -> harness.tick(slow).run());
            Future<TickStats> b = instances.submit(() -> harness.tick(pool, slow, "runner-b", 3,
                    Duration.ofMinutes(5)).run());
            a.get();
            b.get();
        }

        assertThat(most.get()).as("u1's solo agent planned at most one mission at a time").isEqualTo(1);
        assertThat(planned).as("another user's agent of the same id has a counter of its own")
                .contains("u2/theirs");
        assertThat(count("SELECT count(*) FROM sync_changes WHERE client_id = 'mana-ai-runner' AND user_id = 'u1'"))
                .isBetween(1, 2);
    }

    @Test
    void aSpentBudgetHoldsTheMissionBackAndOnlyTheLastDayCounts() throws Exception {
        agent("u1", "thrifty", "{\"name\":\"Thrifty\",\"maxTokensPerDay\":1000}");
        agent("u1", "stopped", "{\"name\":\"Stopped\",\"maxTokensPerDay\":0}");
        agent("u1", "unlimited", "{\"name\":\"Unlimited\",\"maxTokensPerDay\":\"1000\"}");
        mission("u1", "m-thrifty", "thrifty");
        mission("u1", "m-stopped", "stopped");
        mission("u1", "m-unlimited", "unlimited");
        usage("u1", "thrifty", 600, Duration.ofHours(2));
        usage("u1", "thrifty", 500, Duration.ofHours(25));
        usage("u1", "unlimited", 1_000_000, Duration.ofHours(1));

        TickStats before = harness.tick(recordingPlanner()).run();

        assertThat(planned).as("600 of 1000 used in 24 h; a string budget is no budget")
                .containsExactlyInAnyOrder("m-thrifty", "m-unlimited");
        assertThat(before.agentSkipped()).containsExactly(Map.entry("skipped-budget", 1));

        harness.reset();
        agent("u1", "thrifty", "{\"name\":\"Thrifty\",\"maxTokensPerDay\":1000}");
        mission("u1", "m-thrifty", "thrifty");
        usage("u1", "thrifty", 1000, Duration.ofHours(23));
        planned.clear();
        assertThat(harness.tick(recordingPlanner()).run().agentSkipped())
                .containsExactly(Map.entry("skipped-budget", 1));
        assertThat(planned).isEmpty();
    }

    @Test
    void aRunStartsFromTheUsageItsClaimReadForTheBudgetGate() throws Exception {
        agent("u1", "thrifty", "{\"name\":\"Thrifty\",\"maxTokensPerDay\":1000}");
        agent("u1", "free", "{\"name\":\"Free\"}");
        mission("u1", "m-thrifty", "thrifty");
        mission("u1", "m-free", "free");
        harness.insertDueMission("u1", "m-legacy");
        usage("u1", "thrifty", 600, Duration.ofHours(2));
        usage("u1", "thrifty", 300, Duration.ofHours(30));
        usage("u1", "free", 5000, Duration.ofHours(1));
        Map<String, Long> usedBefore = new ConcurrentHashMap<>();

        harness.tick((mission, run) -> {
            usedBefore.put(mission.id(), run.usedInLastDay());
            return MissionTickTest.onePlan();
        }).run();

        assertThat(usedBefore).as("the last 24 hours only; read only for an agent with a budget")
                .containsExactlyInAnyOrderEntriesOf(Map.of("m-thrifty", 600L, "m-free", 0L, "m-legacy", 0L));
    }

    @Test
    void missionsWithoutAFoundAgentRunAsBefore() throws Exception {
        agent("u1", "gone", "{\"name\":\"Gone\",\"state\":\"paused\"}");
        db.insertChange("u1", "ai", "agents", "gone", "delete", "{\"deletedAt\":\"2026-01-01T00:00:00.000Z\"}",
                null, null);
        agent("u2", "theirs", "{\"name\":\"Theirs\",\"state\":\"paused\"}");
        harness.insertDueMission("u1", "no-agent");
        mission("u1", "unknown", "nobody");
        mission("u1", "deleted", "gone");
        mission("u1", "other-users", "theirs");

        TickStats stats = harness.tick(recordingPlanner()).run();

        assertThat(planned).containsExactlyInAnyOrder("no-agent", "unknown", "deleted", "other-users");
        assertThat(stats.agentSkipped()).isEmpty();
        assertThat(new AgentDecisions(db.service()).of("u1")).isEmpty();
    }

    @Test
    void theToolsOfferedFollowTheAgentsPolicyToolThenModuleThenDefault() throws Exception {
        agent("u1", "careful", """
                {"name":"Careful","policy":{"tools":{"create_event":"propose","create_task":"deny"},
                 "defaultsByModule":{"calendar":"deny","todo":"auto"},"defaultForAi":"deny"}}""");
        agent("u1", "open", "{\"name\":\"Open\",\"policy\":{\"defaultsByModule\":{\"places\":\"deny\"}}}");
        mission("u1", "m-careful", "careful");
        mission("u1", "m-open", "open");
        harness.insertDueMission("u1", "m-legacy");
        Map<String, ToolCatalog> offered = new ConcurrentHashMap<>();

        harness.tick((mission, tools) -> {
            offered.put(mission.id(), tools.offered());
            return MissionTickTest.onePlan();
        }).run();

        ToolCatalog all = offered.get("m-legacy");
        assertThat(names(offered.get("m-careful"))).as("the tool's own decision first, then its module's, then none")
                .contains("create_event", "complete_task").doesNotContain("create_task")
                .allMatch(name -> all.find(name).map(t -> t.name().equals("create_event")
                        || t.module().equals("todo")).orElse(false));
        assertThat(names(offered.get("m-open"))).doesNotContain("create_place").contains("create_task", "create_event")
                .hasSize(names(all).size() - (int) all.tools().stream().filter(t -> t.module().equals("places")).count());
    }

    @Test
    void everyRunOfAnAgentsMissionRecordsItsUsageOnceFailedRunsIncluded() throws Exception {
        agent("u1", "thrifty", "{\"name\":\"Thrifty\",\"maxTokensPerDay\":100000,\"maxConcurrentMissions\":2}");
        mission("u1", "m-ok", "thrifty");
        mission("u1", "m-failing", "thrifty");
        harness.insertDueMission("u1", "m-legacy");

        TickStats stats = harness.tick((mission, tools) -> switch (mission.id()) {
            case "m-failing" -> new PlanOutcome.LlmFailure("timeout", new TokenUsage(70, 0));
            case "m-ok" -> new PlanOutcome.Planned(((PlanOutcome.Planned) MissionTickTest.onePlan()).plan(),
                    new TokenUsage(100, 50));
            default -> new PlanOutcome.Planned(((PlanOutcome.Planned) MissionTickTest.onePlan()).plan(),
                    new TokenUsage(1000, 1000));
        }).run();

        assertThat(stats.tokensUsed()).as("every run, agent or not").isEqualTo(2220);
        assertThat(count("SELECT count(*) FROM mana_ai.token_usage")).isEqualTo(2);
        assertThat(count("SELECT sum(tokens_used) FROM mana_ai.token_usage WHERE agent_id = 'thrifty'"))
                .isEqualTo(220);
    }

    private static List<String> names(ToolCatalog catalog) {
        return catalog.tools().stream().map(ToolDefinition::name).toList();
    }

    private Planner recordingPlanner() {
        return (mission, offered) -> {
            planned.add(mission.id());
            return MissionTickTest.onePlan();
        };
    }

    private static void latency(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private double decisions(String decision) {
        return harness.meters().get("mana_ai_agent_decisions").tag("decision", decision).counter().count();
    }

    private static void agent(String userId, String agentId, String recordJson) throws Exception {
        db.insertChange(userId, "ai", "agents", agentId, "insert", recordJson, null, null);
    }

    private void mission(String userId, String missionId, String agentId) throws Exception {
        harness.insertDueMission(userId, missionId);
        harness.deviceUpdate(userId, missionId, "{\"agentId\":\"" + agentId + "\"}");
    }

    private static void usage(String userId, String agentId, int tokens, Duration ago) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mana_ai.token_usage (user_id, agent_id, mission_id, tokens_used, ts)
                VALUES (?, ?, 'earlier', ?, now() - ? * interval '1 second')""")) {
            ps.setString(1, userId);
            ps.setString(2, agentId);
            ps.setInt(3, tokens);
            ps.setLong(4, ago.toSeconds());
            ps.executeUpdate();
        }
    }

    private static int decisionsOf(String userId, String decision) throws Exception {
        return (int) new AgentDecisions(db.service()).of(userId).values().stream()
                .filter(e -> e.decision().equals(decision)).count();
    }

    private static int count(String sql) throws Exception {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
