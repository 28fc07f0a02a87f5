package how.mana.ai.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.app.App;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.tick.BlockingTick;
import how.mana.ai.tick.Tick;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole service in-process against a real database, with the tick injected. */
class AppTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String KEY = "app-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private App app;
    private Services services;
    private int port;

    @AfterEach
    void stop() {
        if (app != null) {
            app.shutdown();
        }
    }

    /** The service role's URL with the user inside it, as an operator would write SYNC_DATABASE_URL. */
    private App start(String databaseUrl, boolean tickEnabled, Tick tick) throws IOException {
        return start(databaseUrl, tickEnabled, services -> tick);
    }

    private App start(String databaseUrl, boolean tickEnabled, Function<Services, Tick> tick) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(FreePort.find()));
        env.put("SYNC_DATABASE_URL", databaseUrl);
        env.put("MANA_SERVICE_KEY", KEY);
        env.put("TICK_ENABLED", Boolean.toString(tickEnabled));
        env.put("MANA_AI_DB_POOL_SIZE", "2");
        services = Services.open(Config.from(env));
        app = App.start(services, tick.apply(services), userId -> Map.of("userId", userId));
        port = app.port();
        return app;
    }

    private HttpResponse<String> send(String method, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Service-Key", KEY).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void becomesReadyOnceMigratedAsTheServiceRoleAndExposesMetrics() throws Exception {
        start(db.serviceJdbcUrl(), false, () -> BlockingTick.stats("x"));

        HttpResponse<String> health = send("GET", "/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).get("tick"))
                .isEqualTo(JSON.readTree("{\"enabled\":false,\"running\":false,\"inProgress\":false}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/ready").statusCode() == 200);
        assertThat(JSON.readTree(send("GET", "/ready").body()))
                .isEqualTo(JSON.readTree("{\"ready\":true,\"database\":true,\"migrated\":true}"));

        assertThat(send("POST", "/internal/tick").statusCode()).isEqualTo(200);
        String metrics = send("GET", "/metrics").body();
        assertThat(metrics).contains("mana_ai_ticks_total{service=\"mana-ai\"} 1.0",
                "mana_ai_tick_duration_seconds_count{service=\"mana-ai\"} 1",
                "mana_ai_tick_failures_total{service=\"mana-ai\"} 0.0", "mana_ai_jvm_memory_used_bytes",
                "mana_ai_jvm_gc_", "mana_ai_jvm_threads_live_threads", "mana_ai_jvm_classes_loaded_classes",
                "mana_ai_process_uptime_seconds", "mana_ai_system_cpus",
                "mana_ai_hikaricp_connections_max{pool=\"mana-ai\",service=\"mana-ai\"} 2.0",
                "mana_ai_ready{service=\"mana-ai\"} 1.0");
    }

    @Test
    void staysReadyWhileEveryConnectionOfThePoolIsTaken() throws Exception {
        start(db.serviceJdbcUrl(), false, () -> BlockingTick.stats("x"));
        await().atMost(Duration.ofSeconds(30)).until(() -> send("GET", "/ready").statusCode() == 200);

        try (Connection first = services.database().getConnection();
             Connection second = services.database().getConnection()) {
            assertThat(send("GET", "/ready").statusCode()).isEqualTo(200);
            assertThat(first.isValid(1) && second.isValid(1)).isTrue();
        }
    }

    @Test
    void notReadyWhileTheDatabaseIsUnreachableButHealthAnswers() throws Exception {
        start("postgresql://nobody@127.0.0.1:" + FreePort.find() + "/nothing", true, () -> {
            throw new AssertionError("no tick may run before the migrations are done");
        });

        assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
        HttpResponse<String> ready = send("GET", "/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(ready.body()))
                .isEqualTo(JSON.readTree("{\"ready\":false,\"database\":false,\"migrated\":false}"));
        assertThat(JSON.readTree(send("GET", "/health").body()).get("tick").get("running").asBoolean())
                .as("the scheduler waits for the migrations").isFalse();
    }

    @Test
    void withTicksEnabledTheSchedulerStartsAfterTheMigrations() throws Exception {
        CountDownLatch ticked = new CountDownLatch(1);
        start(db.serviceJdbcUrl(), true, () -> {
            ticked.countDown();
            return BlockingTick.stats("x");
        });
        assertThat(ticked.await(30, TimeUnit.SECONDS)).isTrue();
        JsonNode tick = JSON.readTree(send("GET", "/health").body()).get("tick");
        assertThat(tick.get("enabled").asBoolean()).isTrue();
        assertThat(tick.get("running").asBoolean()).isTrue();
    }

    @Test
    void shutdownLetsASlowTickFinishThenClosesHttpAndThePool() throws Exception {
        BlockingTick slow = new BlockingTick();
        start(db.serviceJdbcUrl(), false, slow);
        CompletableFuture<HttpResponse<String>> tickRequest = CompletableFuture.supplyAsync(() -> {
            try {
                return send("POST", "/internal/tick");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        slow.awaitStarted();

        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(app::shutdown);
        // The grace period is 30 s by default: until the tick is released, shutdown must still be waiting.
        assertThat(shutdown).isNotDone();
        assertThat(services.database().isClosed()).isFalse();
        slow.release();

        shutdown.get(30, TimeUnit.SECONDS);
        HttpResponse<String> answer = tickRequest.get(30, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).get("dueMissionCount").asInt()).isEqualTo(1);
        assertThat(slow.completed()).isEqualTo(1);
        assertThat(services.database().isClosed()).isTrue();
        assertThatThrownBy(() -> send("GET", "/health")).as("HTTP is closed").isInstanceOf(IOException.class);
    }

    @Test
    void thePlaceholderTickReportsNothingDoneWithScannedAtAndDuration() throws Exception {
        start(db.serviceJdbcUrl(), false, Wiring::tick);
        HttpResponse<String> r = send("POST", "/internal/tick");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode stats = JSON.readTree(r.body());
        assertThat(stats.get("scannedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(stats.get("dueMissionCount").asInt()).isZero();
        assertThat(stats.get("errors")).isEmpty();
        assertThat(stats.has("durationMs")).isTrue();
    }
}
