package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Reply;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service key is never logged or echoed, over a whole run: start, refused and accepted requests (a presented
 * key that contains the real one included), a tick whose LLM calls fail, shutdown — with the service's own loggers
 * at DEBUG. Constant-time comparison and refusing an empty key are proved by {@code ServiceKeyGuardProperties} and
 * {@code ConfigTest}.
 */
class ServiceKeyTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void theKeyAppearsInNoLogLineAndNoResponse() throws Exception {
        MissionSeed.insert(db, "user-1", "mission-1", MissionSeed.dueMission("user-1", "mission-1", "Title"));
        List<HttpResponse<String>> responses = new ArrayList<>();
        List<String> logLines;
        try (FakeLlm llm = FakeLlm.start(request -> Reply.status(500));
             LogCapture logs = new LogCapture()) {
            Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
            try (RunningService service = RunningService.start(env)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> service.get("/ready").statusCode() == 200);
                responses.add(service.get("/health"));
                responses.add(service.get("/metrics"));
                for (String wrong : new String[] {null, "", "wrong", ServiceEnv.KEY + "x", ServiceEnv.KEY.substring(1)}) {
                    responses.add(service.tick(wrong));
                    responses.add(service.send("GET", "/internal/missions/user-1", wrong));
                }
                HttpResponse<String> tick = service.tick(ServiceEnv.KEY);
                responses.add(tick);
                responses.add(service.send("GET", "/internal/missions/user-1", ServiceEnv.KEY));

                assertThat(tick.statusCode()).isEqualTo(200);
                assertThat(MissionSeed.JSON.readTree(tick.body()).get("llmFailures").asInt()).isOne();
                assertThat(responses.subList(2, 12)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(401));
            }
            assertThat(llm.requests()).extracting(request -> request.header("Authorization"))
                    .as("the key was in use").isNotEmpty()
                    .allMatch(("Bearer " + ServiceEnv.KEY)::equals);
            logLines = logs.lines();
        }

        assertThat(logLines).as("captured log lines").hasSizeGreaterThan(5)
                .anyMatch(l -> l.contains("planning failed")).noneMatch(l -> l.contains(ServiceEnv.KEY));
        for (HttpResponse<String> response : responses) {
            assertThat(response.body()).doesNotContain(ServiceEnv.KEY);
            assertThat(response.headers().map().toString()).doesNotContain(ServiceEnv.KEY);
        }
    }
}
