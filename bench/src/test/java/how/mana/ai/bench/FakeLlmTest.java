package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.tools.ToolCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class FakeLlmTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void answersChatCompletionsWithOneFencedCreateTaskPlan() throws Exception {
        try (FakeLlm llm = FakeLlm.start(Duration.ZERO)) {
            HttpResponse<String> response = post(llm.baseUrl().resolve(FakeLlm.PATH));

            assertThat(response.statusCode()).isEqualTo(200);
            String content = json.readTree(response.body()).at("/choices/0/message/content").asText();
            String fenced = content.substring(content.indexOf("```json") + 7, content.lastIndexOf("```"));
            JsonNode plan = json.readTree(fenced);
            assertThat(plan.at("/steps").size()).isEqualTo(1);
            assertThat(plan.at("/steps/0/toolName").asText()).isEqualTo("create_task");
            assertThat(plan.at("/steps/0/params/title").asText()).isNotBlank();
            assertThat(plan.at("/steps/0/rationale").asText()).isNotBlank();
            assertThat(llm.requests()).isEqualTo(1);
        }
    }

    @Test
    void itsPlanPassesTheServicesStrictParser() {
        ParseResult parsed = new PlanParser(ToolCatalog.shipped(), 10).parse(FakeLlm.planText());

        assertThat(parsed).isInstanceOfSatisfying(ParseResult.Accepted.class, accepted -> {
            assertThat(accepted.plan().steps()).hasSize(1);
            assertThat(accepted.plan().steps().getFirst().toolName()).isEqualTo("create_task");
        });
    }

    @Test
    void otherPathsAreNotFound() throws Exception {
        try (FakeLlm llm = FakeLlm.start(Duration.ZERO)) {
            assertThat(post(llm.baseUrl().resolve("/v1/embeddings")).statusCode()).isEqualTo(404);
            assertThat(llm.requests()).isZero();
        }
    }

    @Test
    void concurrentRequestsAreAnsweredInParallelAndCounted() throws Exception {
        try (FakeLlm llm = FakeLlm.start(Duration.ofMillis(300))) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(http.sendAsync(request(llm.baseUrl().resolve(FakeLlm.PATH)),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (var call : calls) {
                assertThat(call.get().statusCode()).isEqualTo(200);
            }
            assertThat(llm.requests()).isEqualTo(8);
            assertThat(llm.maxInFlight()).isGreaterThan(1);
        }
    }

    private HttpResponse<String> post(URI uri) throws Exception {
        return http.send(request(uri), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(URI uri) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"messages\":[]}")).build();
    }
}
