package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Reply;
import how.mana.ai.tick.TickStats;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Database faults without touching the shared server: the service role's connections killed mid-tick, the
 * database unreachable behind a proxy, the pool exhausted, a statement timeout behind a lock. Each time the service
 * stays up, the next tick completes the work, and no slot is planned twice or lost.
 */
class DatabaseFaultTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String USER = "user-1";

    @BeforeEach
    void emptyDatabase() throws Exception {
        MissionSeed.reset(db);
    }

    @Test
    void backendsTerminatedWhileTheLlmIsAnsweringEndTheTickCleanlyAndTheNextTickFinishesTheWork() throws Exception {
        List<String> missions = seedDue(3);
        CountDownLatch asked = new CountDownLatch(missions.size());
        CountDownLatch killed = new CountDownLatch(1);
        try (FakeLlm llm = FakeLlm.start(request -> {
            asked.countDown();
            awaitQuietly(killed);
            return Reply.oneStepPlan();
        }); InProcessService service = InProcessService.open(patientLlm(ServiceEnv.inProcess(db, llm.url())))) {
            // On the common pool on purpose: the LLM client must not need a common-pool worker to get its answers.
            CompletableFuture<TickStats> first = CompletableFuture.supplyAsync(() -> runTick(service));
            assertThat(asked.await(30, TimeUnit.SECONDS)).as("every mission reached the LLM").isTrue();
            assertThat(terminateServiceBackends()).as("backends terminated").isPositive();
            // The test's own pool of the same role lost its connections too; the next test must not get them.
            ((HikariDataSource) db.service()).getHikariPoolMXBean().softEvictConnections();
            killed.countDown();

            TickStats during = first.get(60, TimeUnit.SECONDS);
            assertThat(during.plansWrittenBack() + during.errors().size()).isEqualTo(missions.size());
            TickStats next = service.tick().run();

            assertThat(during.plansWrittenBack() + next.plansWrittenBack()).isEqualTo(missions.size());
            assertThat(service.activeConnections()).isZero();
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, missions);
    }

    @Test
    void databaseGoneMakesReadyAnswer503UntilItIsBackAndTheNextTickCompletes() throws Exception {
        List<String> missions = seedDue(2);
        try (FakeLlm llm = FakeLlm.planningEverything();
             TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432)) {
            Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
            env.put("SYNC_DATABASE_URL", "jdbc:postgresql://127.0.0.1:%d/%s?user=%s&connectTimeout=2"
                    .formatted(proxy.port(), db.databaseName(), db.roleName()));
            try (RunningService service = RunningService.start(env)) {
                awaitReady(service, 200);

                proxy.stop();
                awaitReady(service, 503);
                assertThat(service.tick(ServiceEnv.KEY).statusCode()).as("a tick without database").isIn(200, 500);
                assertThat(service.get("/health").statusCode()).isEqualTo(200);
                assertThat(llm.userMessages()).isEmpty();

                proxy.start();
                awaitReady(service, 200);
                await("a tick after the database came back plans both").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            service.tick(ServiceEnv.KEY);
                            return runnerRowCount() >= missions.size();
                        });
            }
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, missions);
    }

    /** Continuous planning: a poll without database fails, is counted, and the polls after it plan on their own. */
    @Test
    void pollsWithoutDatabaseAreCountedAndThePollsAfterItPlanWithoutATick() throws Exception {
        try (FakeLlm llm = FakeLlm.planningEverything();
             TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432)) {
            Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
            env.put("SYNC_DATABASE_URL", "jdbc:postgresql://127.0.0.1:%d/%s?user=%s&connectTimeout=2"
                    .formatted(proxy.port(), db.databaseName(), db.roleName()));
            env.put("TICK_ENABLED", "true");
            env.put("TICK_INTERVAL_MS", "3600000");
            env.put("MANA_AI_POLL_INTERVAL_MS", "200");
            try (RunningService service = RunningService.start(env)) {
                awaitReady(service, 200);
                await("the first pass is over").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> metric(service, "mana_ai_polls_total") >= 1);

                proxy.stop();
                await("failed polls are counted").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(() -> metric(service, "mana_ai_poll_failures_total") >= 2);

                proxy.start();
                List<String> missions = seedDue(2);
                await("the polls plan what became due, with no tick asked for").atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(200)).until(() -> runnerRowCount() >= missions.size());
                SlotCheck.assertEachPlannedExactlyOnce(db, USER, missions);
            }
        }
    }

    /** The value of an unlabelled series but for {@code service="mana-ai"}, 0 when it is not there yet. */
    private static double metric(RunningService service, String name) throws Exception {
        return service.get("/metrics").body().lines().filter(line -> line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void exhaustedPoolFailsTheTickCleanlyAndOneConnectionForEightMissionsThenDoesAllOfThem() throws Exception {
        List<String> missions = seedDue(8);
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
            env.put("MANA_AI_DB_POOL_SIZE", "1");
            env.put("MANA_AI_CONCURRENCY", "8");
            try (InProcessService service = InProcessService.open(env)) {
                try (Connection held = service.services().database().getConnection()) {
                    assertThatThrownBy(() -> service.tick().run()).isInstanceOf(SQLException.class)
                            .hasMessageContaining("Connection is not available");
                    assertThat(held.isValid(1)).isTrue();
                }
                TickStats stats = service.tick().run();

                assertThat(stats.plansWrittenBack()).isEqualTo(missions.size());
                assertThat(stats.errors()).isEmpty();
                assertThat(service.activeConnections()).isZero();
            }
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, missions);
    }

    @Test
    void statementTimeoutBehindALockFailsTheTickWithAClearReasonAndTheNextTickCompletes() throws Exception {
        List<String> missions = seedDue(2);
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
            env.put("MANA_AI_DB_STATEMENT_TIMEOUT_MS", "500");
            try (RunningService service = RunningService.start(env)) {
                awaitReady(service, 200);
                try (Connection admin = db.admin().getConnection()) {
                    admin.setAutoCommit(false);
                    try (Statement s = admin.createStatement()) {
                        s.execute("LOCK mana_ai.mission_snapshots IN ACCESS EXCLUSIVE MODE");
                    }
                    HttpResponse<String> blocked = service.tick(ServiceEnv.KEY);

                    assertThat(blocked.statusCode()).isEqualTo(500);
                    assertThat(blocked.body()).contains("tick failed").contains("statement timeout");
                    assertThat(service.get("/health").statusCode()).isEqualTo(200);
                    admin.rollback();
                }
                HttpResponse<String> next = service.tick(ServiceEnv.KEY);

                assertThat(next.statusCode()).isEqualTo(200);
                assertThat(MissionSeed.JSON.readTree(next.body()).get("plansWrittenBack").asInt())
                        .isEqualTo(missions.size());
            }
        }
        SlotCheck.assertEachPlannedExactlyOnce(db, USER, missions);
    }

    private static List<String> seedDue(int count) throws SQLException {
        List<String> ids = IntStream.range(0, count).mapToObj(i -> "mission-" + i).toList();
        for (String id : ids) {
            MissionSeed.insert(db, USER, id, MissionSeed.dueMission(USER, id, "Title " + id));
        }
        return ids;
    }

    /** LLM limits long enough for the test to act while the fake LLM holds its answer. */
    private static Map<String, String> patientLlm(Map<String, String> env) {
        env.put("MANA_LLM_TIMEOUT_MS", "30000");
        env.put("MANA_LLM_DEADLINE_MS", "60000");
        return env;
    }

    private static int terminateServiceBackends() throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity
                 WHERE usename = ? AND datname = ?""")) {
            ps.setString(1, db.roleName());
            ps.setString(2, db.databaseName());
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static long runnerRowCount() throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SELECT count(*) FROM sync_changes WHERE client_id = 'mana-ai-runner'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void awaitReady(RunningService service, int status) {
        await("/ready answers " + status).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> service.get("/ready").statusCode() == status);
    }

    private static TickStats runTick(InProcessService service) {
        try {
            return service.tick().run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
