package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.ManaSyncDatabase;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The packaged jar as an operator runs it. */
class JarIT {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void tickPrintsExactlyOneJsonObjectOnStdoutAndExits0() throws Exception {
        try (JarProcess tick = JarProcess.start(Map.of(
                "SYNC_DATABASE_URL", db.serviceJdbcUrl(), "LOG_FORMAT", "JSON"), "tick")) {
            assertThat(tick.waitFor()).as(tick.stderr()).isZero();
            String out = tick.stdout();
            assertThat(out.lines().toList()).hasSize(1);
            JsonNode stats = JSON.readTree(out);
            assertThat(stats.isObject()).isTrue();
            assertThat(stats.properties().stream().map(Map.Entry::getKey).toList()).startsWith(
                    "scannedAt", "dueMissionCount", "plansProduced", "plansWrittenBack", "parseFailures", "errors");
            assertThat(stats.get("errors").isArray()).isTrue();
            for (String line : tick.stderr().lines().toList()) {
                assertThat(JSON.readTree(line).isObject()).as("LOG_FORMAT=JSON (any case) logs JSON: " + line)
                        .isTrue();
            }
        }
    }

    @Test
    void tickPlansTheDueMissionsWithAnOpenAiCompatibleEndpointAndWritesThemBack() throws Exception {
        String due = how.mana.ai.mission.IsoTime.format(java.time.Instant.now().minusSeconds(600));
        for (String mission : List.of("jar-m1", "jar-m2")) {
            db.insertMissionChange("jar-user", mission, "insert", ("{\"id\":\"%s\",\"title\":\"Plan %s\","
                    + "\"state\":\"active\",\"nextRunAt\":\"%s\",\"cadence\":{\"kind\":\"interval\","
                    + "\"everyMinutes\":30},\"iterations\":[]}").formatted(mission, mission, due), null, null);
        }
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            try (JarProcess tick = JarProcess.start(Map.of("SYNC_DATABASE_URL", db.serviceJdbcUrl(),
                    "MANA_LLM_URL", llm.url().toString()), "tick")) {
                assertThat(tick.waitFor()).as(tick.stderr()).isZero();
                JsonNode stats = JSON.readTree(tick.stdout());
                assertThat(stats.get("dueMissionCount").asInt()).isEqualTo(2);
                assertThat(stats.get("plansWrittenBack").asInt()).as(tick.stdout()).isEqualTo(2);
            }
        }
        try (var c = db.admin().getConnection(); var s = c.createStatement(); var rs = s.executeQuery(
                "SELECT count(*) FROM sync_changes WHERE client_id = 'mana-ai-runner' AND user_id = 'jar-user'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
        }
    }

    @Test
    void tickWithAnUnreachableDatabaseExits1WithOneLineReason() throws Exception {
        try (JarProcess tick = JarProcess.start(Map.of(
                "SYNC_DATABASE_URL", "postgresql://nobody@127.0.0.1:" + FreePort.find() + "/nothing"), "tick")) {
            assertThat(tick.waitFor()).isEqualTo(1);
            assertThat(tick.stdout()).isEmpty();
            assertThat(tick.stderr().lines().filter(l -> l.startsWith("tick: "))).singleElement()
                    .asString().startsWith("tick: cannot migrate the database: ");
        }
    }

    @Test
    void everyCommandLogsTheEffectiveConfigurationOnceWithoutSecrets() throws Exception {
        String secret = "planted-secret-4711";
        Map<String, String> env = Map.of("MANA_SERVICE_KEY", secret,
                "SYNC_DATABASE_URL", "postgresql://nobody:" + secret + "@127.0.0.1:" + FreePort.find() + "/nothing");
        for (String command : List.of("tick", "migrate", "rebuild-snapshots")) {
            try (JarProcess jar = JarProcess.start(env, command)) {
                assertThat(jar.waitFor()).as(command).isEqualTo(1);
                assertThat(jar.stderr().lines().filter(l -> l.contains("effective configuration"))).as(command)
                        .singleElement().asString().contains("serviceKey=set", "nobody");
                assertThat(jar.stderr()).as(command).doesNotContain(secret);
            }
        }
    }

    @Test
    void aBadValueExits2WithOneLineNamingTheVariable() throws Exception {
        try (JarProcess serve = JarProcess.start(Map.of("PORT", "abc"))) {
            assertThat(serve.waitFor()).isEqualTo(2);
            assertThat(serve.stderr()).isEqualTo("PORT must be an integer 1-65535, got \"abc\"\n");
            assertThat(serve.stdout()).isEmpty();
        }
    }

    @Test
    void anUnknownCommandExits2() throws Exception {
        try (JarProcess jar = JarProcess.start(Map.of(), "launch")) {
            assertThat(jar.waitFor()).isEqualTo(2);
            assertThat(jar.stderr()).startsWith("unknown command \"launch\"\nusage:");
        }
    }

    @Test
    void serveAnswersHealthAndStopsCleanlyOnSigterm() throws Exception {
        int port = FreePort.find();
        long startedAt = System.nanoTime();
        try (JarProcess serve = JarProcess.start(Map.of(
                "PORT", Integer.toString(port),
                "SYNC_DATABASE_URL", db.serviceJdbcUrl(),
                "TICK_ENABLED", "false"))) {
            HttpResponse<String> health = awaitHealth(serve, port);
            long millis = (System.nanoTime() - startedAt) / 1_000_000;
            System.out.println("BENCHMARK serve-health-after-start-ms=" + millis);

            assertThat(health.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(health.body());
            assertThat(body.get("ok").asBoolean()).isTrue();
            assertThat(body.get("version").asText()).isEqualTo("0.1.0");
            assertThat(body.get("tick").get("enabled").asBoolean()).isFalse();

            serve.terminate();
            assertThat(serve.waitFor()).isIn(0, 143);
            assertThat(serve.stderr()).contains("stopped");
            assertThat(serve.stdout()).isEmpty();
        }
    }

    /** The first answer of {@code /health}; connections are refused until the server listens. */
    private static HttpResponse<String> awaitHealth(JarProcess serve, int port) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        return await("/health answers").atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10))
                .ignoreExceptionsInstanceOf(ConnectException.class)
                .until(() -> {
                    if (!serve.isAlive()) {
                        throw new IllegalStateException("serve ended early: " + serve.stderr());
                    }
                    return client.send(request, HttpResponse.BodyHandlers.ofString());
                }, Objects::nonNull);
    }
}
