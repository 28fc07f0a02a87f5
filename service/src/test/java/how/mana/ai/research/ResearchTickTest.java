package how.mana.ai.research;

import static how.mana.ai.testing.FakeResearch.Endpoint.DISCOVER;
import static how.mana.ai.testing.FakeResearch.Endpoint.POLL;
import static how.mana.ai.testing.FakeResearch.Endpoint.SEARCH;
import static how.mana.ai.testing.FakeResearch.Endpoint.SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.FakeResearch;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.tick.PlanningLoop;
import how.mana.ai.tick.Tick;
import how.mana.ai.tick.TickStats;
import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Research inside the tick as {@code serve} wires it, on a real database, with the fake LLM and fake research
 * services: the articles and the deep answer reach the prompt, a waiting mission is no failure and its slot stays
 * claimable, and two replicas ticking at once submit a slot's job once.
 */
class ResearchTickTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "tick-objective-marker-19aa";

    @BeforeEach
    void reset() throws Exception {
        try (Connection c = db.admin().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE sync_changes, mana_ai.run_slots, mana_ai.mission_research_jobs");
        }
        db.projection().rebuild();
    }

    /** A service as {@code serve} builds it, pointed at the fakes; research answers within its default timeouts. */
    private static Services service(URI llm, URI research, boolean deep) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(FreePort.find()));
        env.put("SYNC_DATABASE_URL", db.serviceJdbcUrl());
        env.put("MANA_LLM_URL", llm.toString());
        env.put("MANA_API_URL", research.toString());
        env.put("MANA_RESEARCH_URL", research.toString());
        env.put("MANA_SERVICE_KEY", "tick-research-key");
        env.put("MANA_AI_DEEP_RESEARCH_ENABLED", Boolean.toString(deep));
        env.put("TICK_ENABLED", "false");
        env.put("MANA_AI_DB_POOL_SIZE", "3");
        env.put("MANA_AI_RETRY_BASE_MS", "0");
        env.put("MANA_AI_RETRY_MAX_MS", "0");
        return Services.open(Config.from(env));
    }

    private static void dueMission(String userId, String missionId, String objective) throws Exception {
        String created = IsoTime.format(Instant.now().minus(Duration.ofDays(1)));
        ObjectNode m = JSON.createObjectNode();
        m.put("id", missionId).put("createdAt", created).put("updatedAt", created).put("title", "Recherche")
                .put("conceptMarkdown", "").put("objective", objective);
        m.putArray("inputs");
        m.putObject("cadence").put("kind", "interval").put("everyMinutes", 60);
        m.put("state", "active").put("nextRunAt", IsoTime.format(Instant.now().minus(Duration.ofMinutes(5))));
        m.putArray("iterations");
        db.insertMissionChange(userId, missionId, "insert", m.toString(), null, null);
    }

    @Test
    void shallowResearchPutsTheArticlesIntoThePrompt() throws Exception {
        dueMission("u1", "m-solar", "Recherchiere die neuesten News zu Solarstrom");
        try (FakeLlm llm = FakeLlm.planningEverything(); FakeResearch research = FakeResearch.start()) {
            research.on(DISCOVER, FakeResearch.feeds("https://solar.example/feed"))
                    .on(SEARCH, FakeResearch.articles("https://solar.example/rekord", "Rekord bei Balkonkraftwerken",
                            "Mehr als eine Million Anlagen", "2026-04-30"));
            try (Services services = service(llm.url(), research.url(), false)) {
                TickStats stats = Wiring.tick(services).run();
                assertThat(stats.plansWrittenBack()).isOne();
                assertThat(stats.researchErrors()).isEmpty();
            }
            String prompt = llm.userMessageContaining("Solarstrom");
            assertThat(prompt).contains("\"module\":\"news-research\"", "Web-Research: \\\"Recherchiere",
                    "URL: https://solar.example/rekord", "Rekord bei Balkonkraftwerken");
        }
    }

    @Test
    void aDeepJobWaitsWithoutFailureOverPassesAndItsAnswerReachesThePrompt() throws Exception {
        String objective = "Hintergrundrecherche zu Wärmepumpen im Altbau " + MARKER;
        dueMission("u1", "m-deep", objective);
        try (FakeLlm llm = FakeLlm.planningEverything(); FakeResearch research = FakeResearch.start();
             LogCapture logs = new LogCapture()) {
            try (Services services = service(llm.url(), research.url(), true)) {
                Tick tick = Wiring.tick(services);

                TickStats submitted = tick.run();
                assertThat(submitted.researchPending()).isOne();
                assertThat(submitted.plansWrittenBack()).isZero();
                assertThat(submitted.errors()).isEmpty();
                assertThat(research.received(SUBMIT)).hasSize(1);
                assertThat(slot("u1", "m-deep")).isEqualTo("pending/0/free");

                TickStats running = tick.run();
                assertThat(running.dueMissionCount()).as("the released slot is claimable at once").isOne();
                assertThat(running.researchPending()).isOne();
                assertThat(research.received(POLL)).hasSize(1);
                assertThat(slot("u1", "m-deep")).isEqualTo("pending/0/free");
                assertThat(llm.requestCount()).isZero();

                research.enqueue(POLL, FakeResearch.completed("Im Altbau lohnt sich eine Wärmepumpe mit "
                        + "Flächenheizung.", "https://waerme.example/studie", "Feldtest 2026"));
                TickStats completed = tick.run();
                assertThat(completed.researchPending()).isZero();
                assertThat(completed.plansWrittenBack()).isOne();
                assertThat(slot("u1", "m-deep")).isEqualTo("done/0/free");

                String metrics = services.metrics().scrape();
                String provider = "{provider=\"gemini-deep-research-max\",service=\"mana-ai\"} 1.0";
                assertThat(metrics).contains("mana_ai_research_jobs_submitted_total" + provider,
                        "mana_ai_research_jobs_completed_total" + provider,
                        "mana_ai_research_jobs_pending_skips_total{service=\"mana-ai\"} 2.0");
                assertThat(metrics).doesNotContain(MARKER);
                assertThat(List.of(submitted, running, completed)).allMatch(s -> !s.toString().contains(MARKER));
            }
            String prompt = llm.userMessageContaining("Wärmepumpen");
            assertThat(prompt).contains("Deep Research: \\\"Hintergrundrecherche",
                    "Im Altbau lohnt sich eine Wärmepumpe mit Flächenheizung.",
                    "- [Feldtest 2026](https://waerme.example/studie) — Auszug");
            assertThat(research.received(SUBMIT)).hasSize(1);
            assertThat(logs.lines()).filteredOn(line -> !line.startsWith("DEBUG") && !line.startsWith("TRACE"))
                    .noneMatch(line -> line.contains(MARKER));
        }
    }

    @Test
    void continuousPlanningLeavesAWaitingMissionToThePassesInsteadOfAskingEverySecond() throws Exception {
        dueMission("u1", "m-deep", "Hintergrundrecherche zu Wärmepumpen im Altbau");
        try (FakeLlm llm = FakeLlm.planningEverything(); FakeResearch research = FakeResearch.start();
             Services services = service(llm.url(), research.url(), true)) {
            Tick tick = Wiring.tick(services);
            assertThat(tick.run().researchPending()).as("the pass submits the job").isOne();
            PlanningLoop loop = tick.loop(Duration.ofMillis(20)).orElseThrow();

            loop.start();
            try {
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> services.metrics().get("mana_ai_polls").counter().count() >= 20);
                assertThat(research.received(POLL)).as("no poll asks about the job").isEmpty();
                assertThat(tick.run().researchPending()).as("the next pass does").isOne();
                assertThat(research.received(POLL)).hasSize(1);
            } finally {
                loop.stop();
                loop.drain(Duration.ofSeconds(30));
            }
            assertThat(research.received(SUBMIT)).hasSize(1);
            assertThat(llm.requestCount()).isZero();
        }
    }

    @Test
    void aResearchServiceThatIsDownCostsNoPlan() throws Exception {
        dueMission("u1", "m-down", "Deep dive: aktuelle News zu Wasserstoff");
        int closedPort = FreePort.find();
        try (FakeLlm llm = FakeLlm.planningEverything();
             Services services = service(llm.url(), URI.create("http://127.0.0.1:" + closedPort), true)) {
            TickStats stats = Wiring.tick(services).run();

            assertThat(stats.plansWrittenBack()).isOne();
            assertThat(stats.errors()).isEmpty();
            assertThat(stats.researchErrors()).containsExactly(
                    "mission=m-down user=u1 slot=" + slotText("u1", "m-down")
                            + " deep research submit: connection failed (ConnectException)",
                    "mission=m-down user=u1 slot=" + slotText("u1", "m-down")
                            + " news-research discover: connection failed (ConnectException)");
            assertThat(services.metrics().scrape()).contains(
                    "mana_ai_research_call_failures_total{call=\"submit\",reason=\"connection\",service=\"mana-ai\"} 1.0",
                    "mana_ai_research_call_failures_total{call=\"discover\",reason=\"connection\",service=\"mana-ai\"} 1.0",
                    "mana_ai_research_call_failures_total{call=\"poll\",reason=\"timeout\",service=\"mana-ai\"} 0.0");
        }
    }

    @Test
    void twoReplicasTickingAtOnceSubmitTheSlotsJobOnceAndEitherPollsIt() throws Exception {
        dueMission("u-race", "m-race", "Umfassende Recherche zu Lastenrädern");
        try (FakeLlm llm = FakeLlm.planningEverything(); FakeResearch research = FakeResearch.start();
             Services first = service(llm.url(), research.url(), true);
             Services second = service(llm.url(), research.url(), true)) {
            List<Tick> ticks = List.of(Wiring.tick(first), Wiring.tick(second));
            CountDownLatch go = new CountDownLatch(1);
            try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
                List<Future<TickStats>> runs = ticks.stream().map(tick -> threads.submit((Callable<TickStats>) () -> {
                    go.await();
                    return tick.run();
                })).toList();
                go.countDown();
                for (Future<TickStats> run : runs) {
                    run.get();
                }
            }
            assertThat(research.received(SUBMIT)).hasSize(1);

            research.enqueue(POLL, FakeResearch.completed("Antwort", "https://rad.example", "Test"));
            TickStats polled = ticks.get(1).run();
            assertThat(polled.plansWrittenBack()).isOne();
            assertThat(research.received(SUBMIT)).hasSize(1);
        }
    }

    /** The slot's status, failed attempts and whether a lease is held. */
    private static String slot(String userId, String missionId) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT status || '/' || attempts || '/' || CASE WHEN lease_owner IS NULL THEN 'free' ELSE 'leased' END
                  FROM mana_ai.run_slots WHERE user_id = ? AND mission_id = ?""")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "none";
            }
        }
    }

    private static String slotText(String userId, String missionId) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT slot FROM mana_ai.run_slots WHERE user_id = ? AND mission_id = ?")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }
}
