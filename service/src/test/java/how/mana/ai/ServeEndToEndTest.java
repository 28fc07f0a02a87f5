package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.app.App;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.ManaSyncDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code serve} as wired for production: a manual tick over HTTP, then the user's missions as the API shows them. */
class ServeEndToEndTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "serve-e2e-key";

    @Test
    void aManualTickPlansTheDueMissionAndTheMissionsRouteShowsItsServerIteration() throws Exception {
        db.insertMissionChange("anna", "m-due", "insert", """
                {"id":"m-due","title":"Lernen","state":"active","nextRunAt":"%s",
                 "cadence":{"kind":"interval","everyMinutes":120},"iterations":[{"id":"old","plan":[]}]}"""
                .formatted(IsoTime.format(Instant.now().minusSeconds(60))), null, null);
        db.insertMissionChange("anna", "m-gone", "insert", "{\"title\":\"weg\",\"state\":\"active\"}", null, null);
        db.insertMissionChange("anna", "m-gone", "delete", null, null, null);
        db.insertMissionChange("ben", "m-ben", "insert", "{\"title\":\"Bens\",\"state\":\"paused\"}", null, null);
        db.insertChange("ben", "ai", "agents", "helper", "insert", "{\"name\":\"Helfer\",\"state\":\"paused\"}",
                null, null);
        db.insertMissionChange("ben", "m-ben-agent", "insert", """
                {"title":"Ablage","state":"active","nextRunAt":"%s","agentId":"helper"}"""
                .formatted(IsoTime.format(Instant.now().minusSeconds(60))), null, null);

        try (FakeLlm llm = FakeLlm.planningEverything()) {
            Services services = Services.open(Config.from(Map.of(
                    "PORT", Integer.toString(FreePort.find()),
                    "SYNC_DATABASE_URL", db.serviceJdbcUrl(),
                    "MANA_LLM_URL", llm.url().toString(),
                    "MANA_SERVICE_KEY", KEY,
                    "TICK_ENABLED", "false",
                    "MANA_AI_DB_POOL_SIZE", "3")));
            App app = App.start(services, Wiring.tick(services), Wiring.userMissions(services));
            try (HttpClient http = HttpClient.newHttpClient()) {
                await("/ready answers 200").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                        .until(() -> send(http, app.port(), "GET", "/ready").statusCode() == 200);

                HttpResponse<String> tick = send(http, app.port(), "POST", "/internal/tick");
                assertThat(tick.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(tick.body()).get("plansWrittenBack").asInt()).as(tick.body()).isEqualTo(1);

                HttpResponse<String> listing = send(http, app.port(), "GET", "/internal/missions/anna");
                assertThat(listing.statusCode()).isEqualTo(200);
                JsonNode body = JSON.readTree(listing.body());
                assertThat(body.get("userId").asText()).isEqualTo("anna");
                assertThat(body.get("missions")).as("deleted missions and other users' are not listed").hasSize(1);
                JsonNode mission = body.get("missions").get(0);
                assertThat(mission.get("id").asText()).isEqualTo("m-due");
                assertThat(mission.get("title").asText()).isEqualTo("Lernen");
                assertThat(mission.get("state").asText()).isEqualTo("active");
                assertThat(Instant.parse(mission.get("nextRunAt").asText())).isAfter(Instant.now());
                assertThat(mission.get("iterationCount").asInt()).isEqualTo(2);
                JsonNode last = mission.get("lastServerIteration");
                assertThat(last.get("overallStatus").asText()).isEqualTo("awaiting-review");
                assertThat(last.get("id").asText()).isNotBlank();
                assertThat(last.get("startedAt").asText()).isNotBlank();

                JsonNode ben = JSON.readTree(send(http, app.port(), "GET", "/internal/missions/ben").body());
                assertThat(ben.get("missions").get(0).get("lastServerIteration").isNull()).isTrue();
                assertThat(ben.get("missions").get(0).get("agentDecision").isNull()).isTrue();
                JsonNode held = ben.get("missions").get(1);
                assertThat(held.get("id").asText()).isEqualTo("m-ben-agent");
                assertThat(held.get("agentDecision").get("agentId").asText()).isEqualTo("helper");
                assertThat(held.get("agentDecision").get("decision").asText()).isEqualTo("skipped-paused");
            } finally {
                app.shutdown();
            }
        }
    }

    private static HttpResponse<String> send(HttpClient http, int port, String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("X-Service-Key", KEY).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
