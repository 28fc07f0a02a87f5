package how.mana.ai.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.auth.TokenCheck;
import how.mana.ai.tick.BlockingTick;
import how.mana.ai.tick.TickOutcome;
import how.mana.ai.tick.TickRunner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real Javalin on a free port, called with the JDK's HTTP client. */
class HttpServerTest {
    private static final String KEY = "test-service-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final AtomicReference<Readiness.Report> readiness = new AtomicReference<>();
    private static final AtomicReference<Supplier<TickOutcome>> tick = new AtomicReference<>();
    private static final AtomicReference<UserMissions> missions = new AtomicReference<>();
    private static final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** One server for the class (closing one waits for the client's keep-alive connection to go). */
    private static HttpServer guarded;
    private HttpServer server;

    @BeforeAll
    static void startGuardedServer() {
        guarded = start(KEY);
    }

    @AfterAll
    static void stopGuardedServer() {
        guarded.close();
    }

    @BeforeEach
    void reset() {
        server = guarded;
        readiness.set(Readiness.Report.of(true, true));
        tick.set(() -> new TickOutcome.Completed(BlockingTick.stats("2026-04-15T06:00:00.000Z")));
        missions.set(userId -> Map.of("userId", userId, "missions", List.of()));
    }

    private static HttpServer start(String key) {
        Endpoints endpoints = new Endpoints(
                () -> Health.of("1.2.3", new Health.TickState(true, false, true)),
                () -> readiness.get(),
                () -> tick.get().get(),
                userId -> missions.get().missionsOf(userId),
                () -> "# HELP mana_ai_ticks_total Ticks\n",
                token -> new TokenCheck.Invalid(),
                (userId, missionId, limit) -> Map.of("rows", List.of()));
        return HttpServer.start(0, Duration.ofSeconds(5), JSON, ServiceKeyGuard.forKey(key), endpoints, meters);
    }

    private HttpResponse<String> send(String method, String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            b.header("X-Service-Key", key);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    @Test
    void healthAnswersWithoutKeyAndReportsTheTickState() throws Exception {
        HttpResponse<String> r = send("GET", "/health", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(JSON.readTree("""
                {"ok":true,"service":"mana-ai","version":"1.2.3",
                 "tick":{"enabled":true,"running":false,"inProgress":true}}"""));
    }

    @Test
    void readyIs200WhenReadyAnd503Otherwise() throws Exception {
        HttpResponse<String> ready = send("GET", "/ready", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(body(ready)).isEqualTo(JSON.readTree("{\"ready\":true,\"database\":true,\"migrated\":true}"));

        readiness.set(Readiness.Report.of(true, false));
        HttpResponse<String> notMigrated = send("GET", "/ready", null);
        assertThat(notMigrated.statusCode()).isEqualTo(503);
        assertThat(body(notMigrated).get("migrated").asBoolean()).isFalse();

        readiness.set(Readiness.Report.of(false, true));
        assertThat(send("GET", "/ready", null).statusCode()).isEqualTo(503);
    }

    @Test
    void tickWithoutKeyIs401AndDoesNotRun() throws Exception {
        tick.set(() -> {
            throw new AssertionError("the tick must not run without the key");
        });
        HttpResponse<String> r = send("POST", "/internal/tick", null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(body(r)).isEqualTo(JSON.readTree("{\"error\":\"invalid or missing service key\"}"));
    }

    @Test
    void wrongKeysAre401WhateverTheirLength() throws Exception {
        tick.set(() -> {
            throw new AssertionError("the tick must not run with a wrong key");
        });
        for (String wrong : List.of("test-service-kez", "x", KEY + "-longer", KEY.toUpperCase(), "")) {
            HttpResponse<String> r = send("POST", "/internal/tick", wrong);
            assertThat(r.statusCode()).as(wrong).isEqualTo(401);
            assertThat(body(r).get("error").asText()).isEqualTo("invalid or missing service key");
            assertThat(r.body()).doesNotContain(KEY);
        }
    }

    @Test
    void theRightKeyRunsTheTickAndReturnsItsStats() throws Exception {
        HttpResponse<String> r = send("POST", "/internal/tick", KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode stats = body(r);
        assertThat(stats.get("scannedAt").asText()).isEqualTo("2026-04-15T06:00:00.000Z");
        assertThat(stats.get("dueMissionCount").asInt()).isEqualTo(1);
        assertThat(stats.get("errors").isArray()).isTrue();
    }

    @Test
    void missionsNeedTheKeyAndSerialiseTheInjectedAnswer() throws Exception {
        assertThat(send("GET", "/internal/missions/alice", null).statusCode()).isEqualTo(401);
        HttpResponse<String> r = send("GET", "/internal/missions/alice", KEY);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(body(r)).isEqualTo(JSON.readTree("{\"userId\":\"alice\",\"missions\":[]}"));
    }

    @Test
    void unknownInternalRoutesAreGuardedToo() throws Exception {
        assertThat(send("GET", "/internal/secrets", null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/internal/secrets", KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void anEmptyConfiguredKeyOpensTheGuard() throws Exception {
        server = start("");
        try {
            assertThat(send("POST", "/internal/tick", null).statusCode()).isEqualTo(200);
            assertThat(send("POST", "/internal/tick", "anything").statusCode()).isEqualTo(200);
        } finally {
            server.close();
        }
    }

    @Test
    void aTickRequestedWhileOneRunsAnswers200AtOnceWithOverlapSkipped() throws Exception {
        BlockingTick slow = new BlockingTick();
        TickRunner runner = new TickRunner(slow, new SimpleMeterRegistry(), Clock.systemUTC());
        tick.set(runner::run);
        CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return send("POST", "/internal/tick", KEY);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        slow.awaitStarted();

        HttpResponse<String> second = send("POST", "/internal/tick", KEY);
        assertThat(second.statusCode()).isEqualTo(200);
        JsonNode skipped = body(second);
        assertThat(skipped.get("errors")).isEqualTo(JSON.readTree("[\"overlap-skipped\"]"));
        assertThat(skipped.get("dueMissionCount").asInt()).isZero();
        assertThat(first).isNotDone();

        slow.release();
        HttpResponse<String> firstAnswer = first.get(30, TimeUnit.SECONDS);
        assertThat(firstAnswer.statusCode()).isEqualTo(200);
        assertThat(body(firstAnswer).get("errors")).isEmpty();
    }

    @Test
    void aFailedTickIs500WithTheShortReason() throws Exception {
        tick.set(() -> new TickOutcome.Failed("SQLException: connection refused"));
        HttpResponse<String> r = send("POST", "/internal/tick", KEY);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(body(r)).isEqualTo(JSON.readTree("{\"error\":\"tick failed: SQLException: connection refused\"}"));
    }

    @Test
    void aTickDuringShutdownIs503() throws Exception {
        tick.set(TickOutcome.ShuttingDown::new);
        HttpResponse<String> r = send("POST", "/internal/tick", KEY);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(body(r).get("error").asText()).isEqualTo("shutting down");
    }

    @Test
    void unknownRoutesAre404Json() throws Exception {
        for (String path : List.of("/nope", "/health/extra", "/")) {
            HttpResponse<String> r = send("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(404);
            assertThat(body(r)).isEqualTo(JSON.readTree("{\"error\":\"not found\"}"));
        }
        HttpResponse<String> wrongMethod = send("DELETE", "/health", null);
        assertThat(wrongMethod.statusCode()).isEqualTo(404);
        assertThat(body(wrongMethod).get("error").asText()).isEqualTo("not found");
    }

    @Test
    void uncaughtErrorsAre500JsonWithoutStackTraces() throws Exception {
        missions.set(userId -> {
            throw new SQLException("relation \"mana_ai.missions\" does not exist");
        });
        HttpResponse<String> r = send("GET", "/internal/missions/alice", KEY);
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(body(r)).isEqualTo(JSON.readTree("{\"error\":\"internal error\"}"));
        assertThat(r.body()).doesNotContain("SQLException").doesNotContain("at how.mana");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> r = send("GET", "/metrics", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).isEqualTo("# HELP mana_ai_ticks_total Ticks\n");
    }

    @Test
    void requestsAreCountedByRoutePatternNotByPath() throws Exception {
        double answered = requests("GET", HttpServer.MISSIONS_ROUTE, "200");
        double refused = requests("GET", HttpServer.MISSIONS_ROUTE, "401");
        double unmatched = requests("GET", HttpMetrics.UNMATCHED, "404");
        long timed = answeredInTime();

        send("GET", "/internal/missions/alice", KEY);
        send("GET", "/internal/missions/bob", null);
        send("GET", "/nowhere/carol", null);

        assertThat(requests("GET", HttpServer.MISSIONS_ROUTE, "200")).isEqualTo(answered + 1);
        assertThat(requests("GET", HttpServer.MISSIONS_ROUTE, "401")).as("refused by the key guard")
                .isEqualTo(refused + 1);
        assertThat(requests("GET", HttpMetrics.UNMATCHED, "404")).isEqualTo(unmatched + 1);
        assertThat(answeredInTime()).isEqualTo(timed + 1);
        assertThat(meters.find("mana_ai.http.requests").counters()).as("no raw path becomes a label value")
                .noneMatch(counter -> counter.getId().getTag("path").contains("alice"));
    }

    @Test
    void everyRoutesDocumentedAnswersAreCountedFromTheStart() {
        for (HttpMetrics.Route route : HttpServer.ROUTES) {
            for (int status : route.statuses()) {
                assertThat(meters.find("mana_ai.http.requests").tags("method", route.method(), "path", route.path(),
                        "status", Integer.toString(status)).counter()).as(route + " " + status).isNotNull();
            }
        }
    }

    private static long answeredInTime() {
        return meters.get("mana_ai.http.request.duration").tags("path", HttpServer.MISSIONS_ROUTE, "status", "200")
                .timer().count();
    }

    private static double requests(String method, String path, String status) {
        var counter = meters.find("mana_ai.http.requests").tags("method", method, "path", path, "status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
