package how.mana.ai.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.LocalChatServer;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ToolCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fake LLM over real HTTP: each kind of reply as a client sees it, and what it records. */
class FakeLlmTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void closeClient() {
        http.close();
    }

    @Test
    void answersAChatCompletionWhoseOneStepPlanTheServicesStrictParserAccepts() throws Exception {
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            HttpResponse<String> response = post(llm, "{\"messages\":[{\"role\":\"user\",\"content\":\"plan\"}]}");

            assertThat(response.statusCode()).isEqualTo(200);
            String content = JSON.readTree(response.body()).at("/choices/0/message/content").textValue();
            assertThat(content).isEqualTo(FakeLlm.ONE_STEP_PLAN);
            ParseResult parsed = new PlanParser(10).parse(content, ToolCatalog.builtIn(BuiltInCatalog.CURRENT));
            assertThat(parsed).isInstanceOfSatisfying(ParseResult.Accepted.class, accepted ->
                    assertThat(accepted.plan().steps()).singleElement()
                            .satisfies(step -> assertThat(step.toolName()).isEqualTo("create_task")));
        }
    }

    @Test
    void speaksToolCallingTooWithCallsFinishReasonAndUsage() throws Exception {
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            String opening = "{\"messages\":[{\"role\":\"user\",\"content\":\"plan\"}],\"tools\":[]}";
            JsonNode first = JSON.readTree(post(llm, opening).body()).at("/choices/0");
            String closing = "{\"messages\":[{\"role\":\"user\",\"content\":\"plan\"},"
                    + "{\"role\":\"assistant\",\"content\":null},{\"role\":\"tool\",\"content\":\"{}\"}],\"tools\":[]}";
            JsonNode second = JSON.readTree(post(llm, closing).body()).at("/choices/0");

            assertThat(first.get("finish_reason").asText()).isEqualTo("tool_calls");
            assertThat(first.at("/message/tool_calls/0/function/name").asText()).isEqualTo("create_task");
            assertThat(first.at("/message/tool_calls/0/function/arguments").asText())
                    .isEqualTo(FakeLlm.ONE_STEP_CALL.arguments());
            assertThat(first.at("/message/content").asText()).isEqualTo(FakeLlm.ONE_STEP_RATIONALE);
            assertThat(second.get("finish_reason").asText()).isEqualTo("stop");
            assertThat(second.at("/message/content").asText()).isEqualTo(FakeLlm.ONE_STEP_SUMMARY);
            assertThat(second.at("/message/tool_calls").isMissingNode()).isTrue();
            assertThat(llm.userMessages()).as("one conversation").containsExactly("plan");
        }
        try (FakeLlm llm = FakeLlm.start()) {
            llm.enqueue(Reply.turn(AssistantTurn.saying("x").withUsage(1200, 34)));
            assertThat(JSON.readTree(post(llm, "{}").body()).get("usage").toString())
                    .isEqualTo("{\"prompt_tokens\":1200,\"completion_tokens\":34,\"total_tokens\":1234}");
        }
    }

    @Test
    void queuedRepliesComeFirstInOrderThenTheScript() throws Exception {
        try (FakeLlm llm = FakeLlm.start(request -> Reply.status(503))) {
            llm.enqueue(Reply.answer("first"), Reply.body(200, "not json"));

            assertThat(post(llm, "{}").body()).contains("first");
            assertThat(post(llm, "{}").body()).isEqualTo("not json");
            assertThat(post(llm, "{}").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void nothingQueuedAndNoScriptIsAnError() throws Exception {
        try (FakeLlm llm = FakeLlm.start()) {
            assertThat(post(llm, "{}").statusCode()).isEqualTo(500);
        }
    }

    @Test
    void keepsEveryChatRequestWithItsHeadersButNotWhatItRefused() throws Exception {
        try (FakeLlm llm = FakeLlm.planningEverything()) {
            http.send(request(llm.url().resolve(LocalChatServer.PATH), "{\"messages\":[{\"role\":\"system\","
                    + "\"content\":\"rules\"},{\"role\":\"user\",\"content\":\"the mission\"}]}")
                    .header("Authorization", "Bearer k").build(), HttpResponse.BodyHandlers.discarding());

            assertThat(http.send(request(llm.url().resolve("/v1/embeddings"), "{}").build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
            assertThat(post(llm, "not json").statusCode()).isEqualTo(400);
            assertThat(llm.onlyRequest().header("authorization")).isEqualTo("Bearer k");
            assertThat(llm.userMessages()).containsExactly("the mission");
            assertThat(llm.userMessageContaining("mission")).isEqualTo("the mission");
        }
    }

    @Test
    void concurrentRequestsAreAnsweredInParallelAndCounted() throws Exception {
        try (FakeLlm llm = FakeLlm.start(request -> Reply.answer("late").after(Duration.ofMillis(300)))) {
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(http.sendAsync(request(llm.url().resolve(LocalChatServer.PATH), "{}").build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            for (var call : calls) {
                assertThat(call.get().statusCode()).isEqualTo(200);
            }

            assertThat(llm.requestCount()).isEqualTo(8);
            assertThat(llm.maxInFlight()).isGreaterThan(1);
        }
    }

    @Test
    void aDroppedRequestGetsNoAnswerAtAll() throws Exception {
        try (FakeLlm llm = FakeLlm.start(request -> Reply.drop())) {
            assertThatThrownBy(() -> post(llm, "{}")).isInstanceOf(IOException.class);
        }
    }

    @Test
    void aHangingReplyNeverAnswersAndClosingTheFakeEndsIt() throws Exception {
        FakeLlm llm = FakeLlm.start(request -> Reply.hang());
        try {
            assertThatThrownBy(() -> http.send(request(llm.url().resolve(LocalChatServer.PATH), "{}")
                    .timeout(Duration.ofMillis(300)).build(), HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(HttpTimeoutException.class);
        } finally {
            llm.close();
        }
    }

    @Test
    void aDrippingReplySendsItsHeadersAtOnceAndItsBodyByteByByte() throws Exception {
        try (FakeLlm llm = FakeLlm.start(request -> Reply.dripping(200, "abcd", Duration.ofMillis(100)))) {
            HttpResponse<InputStream> response = http.send(request(llm.url().resolve(LocalChatServer.PATH), "{}")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());

            // The headers are here before the body: the body then arrives in pieces, not in one read.
            StringBuilder received = new StringBuilder();
            int reads = 0;
            try (InputStream body = response.body()) {
                byte[] buffer = new byte[4];
                for (int n; (n = body.read(buffer)) > 0; reads++) {
                    received.append(new String(buffer, 0, n));
                }
            }
            assertThat(received.toString()).isEqualTo("abcd");
            assertThat(reads).as("reads that each got part of the body").isGreaterThan(1);
        }
    }

    private HttpResponse<String> post(FakeLlm llm, String body) throws Exception {
        return http.send(request(llm.url().resolve(LocalChatServer.PATH), body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(URI uri, String body) {
        return HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }
}
