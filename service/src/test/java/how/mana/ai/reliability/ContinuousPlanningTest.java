package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Reply;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole service ({@code serve} as wired, real LLM client) planning continuously against the fake LLM: a hung or
 * slow LLM call holds its own planning slot and nothing else, {@code POST /internal/tick} still answers with one
 * pass it waited for, shutdown lets missions in flight finish or gives their slots back, and
 * {@code MANA_AI_POLL_INTERVAL_MS=0} plans in passes only.
 */
class ContinuousPlanningTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String USER = "user-1";
    /** The LLM deadline of these services: a hung call is given up only after it. */
    private static final Duration LLM_DEADLINE = Duration.ofMinutes(2);
    /** What the tests allow for a mission to be planned: far below the LLM deadline, far above what it takes. */
    private static final Duration PLANNED_WITHIN = Duration.ofSeconds(20);
    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{[^}]*} (\\S+)$", Pattern.MULTILINE);

    @BeforeEach
    void emptyDatabase() throws Exception {
        MissionSeed.reset(db);
    }

    @Test
    void aHungLlmCallNeverDelaysAMissionMadeDueAfterIt() throws Exception {
        try (FakeLlm llm = FakeLlm.start(request -> asks(request, "Haengt") ? Reply.hang() : Reply.oneStepPlan());
             RunningService service = RunningService.start(continuous(llm, "200"))) {
            awaitTheStartsPass(service);
            seed("m-hung", "Haengt fest");
            await().atMost(PLANNED_WITHIN).until(() -> asked(llm, "Haengt") == 1);

            seed("m-later", "Spaeter faellig");

            await().atMost(PLANNED_WITHIN).until(() -> iterationsOf("m-later") == 1);
            assertThat(iterationsOf("m-hung")).as("still hanging").isZero();
            assertThat(metric(service, "mana_ai_missions_in_flight")).as("the hung call's slot only").isEqualTo(1);
        }
    }

    @Test
    void aMissionMadeDueWhileOthersAreInFlightIsPlannedWithoutWaitingAndATickStillAnswersWithOnePass()
            throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeLlm llm = FakeLlm.start(request -> {
            if (asks(request, "Langsam")) {
                awaitQuietly(release);
            }
            return Reply.oneStepPlan();
        }); RunningService service = RunningService.start(continuous(llm, "30000"))) {
            awaitTheStartsPass(service);
            seed("m-slow-1", "Langsam eins");
            seed("m-slow-2", "Langsam zwei");
            await().atMost(PLANNED_WITHIN).until(() -> asked(llm, "Langsam") == 2);

            seed("m-quick", "Schnell");
            await().atMost(PLANNED_WITHIN).until(() -> iterationsOf("m-quick") == 1);
            assertThat(iterationsOf("m-slow-1") + iterationsOf("m-slow-2")).as("still in flight").isZero();

            HttpResponse<String> tick = service.tick(ServiceEnv.KEY);
            assertThat(tick.statusCode()).isEqualTo(200);
            JsonNode stats = MissionSeed.JSON.readTree(tick.body());
            assertThat(stats.get("dueMissionCount").asInt()).as("the missions in flight are leased, not due")
                    .isZero();
            assertThat(stats.get("errors")).isEmpty();
            assertThat(metric(service, "mana_ai_ticks_total")).as("the start's pass and this one").isEqualTo(2);

            release.countDown();
            await().atMost(PLANNED_WITHIN).until(() -> iterationsOf("m-slow-1") + iterationsOf("m-slow-2") == 2);
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, List.of("m-slow-1", "m-slow-2", "m-quick"));
    }

    @Test
    void shutdownLetsAMissionInFlightFinishWithinTheGrace() throws Exception {
        // A slow but steady answer: a few seconds, far within the grace period.
        try (FakeLlm llm = FakeLlm.start(
                request -> Reply.drippingAnswer(FakeLlm.ONE_STEP_PLAN, Duration.ofMillis(5)))) {
            Map<String, String> env = continuous(llm, "30000");
            env.put("MANA_AI_PLANNER", "json");
            RunningService service = RunningService.start(env);
            try {
                awaitTheStartsPass(service);
                seed("m-1", "Wird fertig");
                await().atMost(PLANNED_WITHIN).until(() -> llm.requestCount() == 1);
                assertThat(metric(service, "mana_ai_missions_in_flight")).isEqualTo(1);
            } finally {
                service.close();
            }
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, List.of("m-1"));
    }

    @Test
    void shutdownGivesTheSlotOfAMissionStillInFlightBackWhenTheGraceEndsAndWritesNothing() throws Exception {
        try (FakeLlm llm = FakeLlm.start(request -> Reply.hang())) {
            RunningService service = RunningService.start(continuous(llm, "200"));
            try {
                awaitTheStartsPass(service);
                seed("m-1", "Haengt beim Stopp");
                await().atMost(PLANNED_WITHIN).until(() -> llm.requestCount() == 1);
            } finally {
                service.close();
            }
        }
        assertThat(iterationsOf("m-1")).isZero();
        assertThat(slotLease("m-1")).as("pending, no attempt counted, lease given back").isEqualTo("pending/0/free");
    }

    @Test
    void withThePollIntervalZeroTheServicePlansInPassesOnly() throws Exception {
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            Map<String, String> env = continuous(llm, "30000");
            env.put("MANA_AI_POLL_INTERVAL_MS", "0");
            try (RunningService service = RunningService.start(env)) {
                awaitTheStartsPass(service);
                assertThat(metric(service, "mana_ai_polls_total")).as("no continuous planning").isZero();

                seed("m-1", "Im Durchlauf");
                HttpResponse<String> tick = service.tick(ServiceEnv.KEY);
                assertThat(MissionSeed.JSON.readTree(tick.body()).get("plansWrittenBack").asInt()).isEqualTo(1);
                assertThat(metric(service, "mana_ai_polls_total")).isZero();
            }
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, List.of("m-1"));
    }

    @Test
    void missionTextAndCiphertextReachNoLogLineAtInfoNoMetricAndNoTickAnswer() throws Exception {
        String marker = "planted-mission-text-5521";
        List<String> emitted = new java.util.ArrayList<>();
        try (FakeLlm llm = FakeLlm.start(request -> asks(request, "Haengt") ? Reply.hang() : Reply.oneStepPlan());
             how.mana.ai.testing.LogCapture logs = new how.mana.ai.testing.LogCapture()) {
            RunningService service = RunningService.start(continuous(llm, "200"));
            try {
                awaitTheStartsPass(service);
                var planned = MissionSeed.dueMission(USER, "m-planned", "Titel " + marker);
                planned.put("objective", "Ziel " + marker).put("conceptMarkdown", "Konzept " + marker);
                MissionSeed.insert(db, USER, "m-planned", planned);
                var encrypted = MissionSeed.dueMission(USER, "m-encrypted", "enc:1:" + marker);
                encrypted.put("objective", "enc:1:" + marker);
                MissionSeed.insert(db, USER, "m-encrypted", encrypted);
                var hung = MissionSeed.dueMission(USER, "m-hung", "Haengt " + marker);
                hung.put("objective", "Ziel " + marker);
                MissionSeed.insert(db, USER, "m-hung", hung);
                await().atMost(PLANNED_WITHIN).until(() -> iterationsOf("m-planned") == 1
                        && asked(llm, "Haengt") == 1 && slotLease("m-encrypted").startsWith("skipped"));
                emitted.add(service.get("/metrics").body());
                emitted.add(service.tick(ServiceEnv.KEY).body());
            } finally {
                // The hung mission outlasts the grace: the shutdown's lines are looked at too.
                service.close();
            }
            emitted.addAll(logs.lines().stream().filter(l -> !l.startsWith("DEBUG") && !l.startsWith("TRACE"))
                    .toList());
        }

        String everything = String.join("\n", emitted);
        assertThat(everything).contains("iteration written", "missions still planning when the grace period ended")
                .doesNotContain(marker, ServiceEnv.KEY);
    }

    /** A service that plans continuously (every 100 ms) beside a pass at start and then hourly. */
    private static Map<String, String> continuous(FakeLlm llm, String shutdownGraceMs) throws Exception {
        Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
        env.put("TICK_ENABLED", "true");
        env.put("TICK_INTERVAL_MS", "3600000");
        env.put("MANA_AI_POLL_INTERVAL_MS", "100");
        env.put("MANA_AI_CONCURRENCY", "4");
        env.put("MANA_AI_DB_POOL_SIZE", "4");
        env.put("MANA_LLM_TIMEOUT_MS", Long.toString(LLM_DEADLINE.toMillis()));
        env.put("MANA_LLM_DEADLINE_MS", Long.toString(LLM_DEADLINE.toMillis()));
        env.put("MANA_AI_SHUTDOWN_GRACE_MS", shutdownGraceMs);
        return env;
    }

    /** The pass every start runs has ended: what is seeded afterwards is left to continuous planning. */
    private static void awaitTheStartsPass(RunningService service) {
        await().atMost(PLANNED_WITHIN).until(() -> metric(service, "mana_ai_ticks_total") == 1
                && !MissionSeed.JSON.readTree(service.get("/health").body()).get("tick").get("inProgress")
                .asBoolean());
    }

    private static void seed(String missionId, String title) throws Exception {
        MissionSeed.insert(db, USER, missionId, MissionSeed.dueMission(USER, missionId, title));
    }

    private static boolean asks(how.mana.ai.localllm.ChatRequest request, String titleWord) {
        return request.userMessage().orElse("").contains(titleWord);
    }

    private static long asked(FakeLlm llm, String titleWord) {
        return llm.userMessages().stream().filter(message -> message.contains(titleWord)).count();
    }

    private static int iterationsOf(String missionId) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM sync_changes WHERE client_id = 'mana-ai-runner' AND record_id = ?")) {
            ps.setString(1, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** {@code status/attempts/free} or {@code …/leased} for the mission's one slot. */
    private static String slotLease(String missionId) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT status || '/' || attempts || '/'
                       || CASE WHEN lease_owner IS NULL AND lease_until IS NULL THEN 'free' ELSE 'leased' END
                  FROM mana_ai.run_slots WHERE mission_id = ?""")) {
            ps.setString(1, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("slot row").isTrue();
                return rs.getString(1);
            }
        }
    }

    /** The value of a series without labels but the constant one, as {@code GET /metrics} shows it. */
    private static double metric(RunningService service, String series) throws Exception {
        Matcher sample = SAMPLE.matcher(service.get("/metrics").body());
        while (sample.find()) {
            if (sample.group(1).equals(series)) {
                return Double.parseDouble(sample.group(2));
            }
        }
        throw new AssertionError("no series " + series);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            if (!latch.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the LLM");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
