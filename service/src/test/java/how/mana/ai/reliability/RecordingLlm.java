package how.mana.ai.reliability;

import static how.mana.ai.planner.llm.LlmResponses.answer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/** A fake LLM that keeps every user message it was sent and answers through the given function of it. */
final class RecordingLlm implements AutoCloseable {
    static final String ONE_STEP = """
            ```json
            {"summary":"Plan","steps":[{"toolName":"create_task","summary":"Lauf planen","rationale":"r",
              "params":{"title":"Laufen"}}]}
            ```""";

    private final MockWebServer server = new MockWebServer();
    private final List<String> userMessages = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private RecordingLlm() {
    }

    static RecordingLlm start(Function<String, MockResponse> answerToUserMessage) throws IOException {
        RecordingLlm llm = new RecordingLlm();
        llm.server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String userMessage = userMessage(request);
                llm.userMessages.add(userMessage);
                llm.authorizations.add(String.valueOf(request.getHeaders().get("Authorization")));
                return answerToUserMessage.apply(userMessage);
            }
        });
        llm.server.start();
        return llm;
    }

    /** Answers every request with a valid one-step plan. */
    static RecordingLlm planningEverything() throws IOException {
        return start(message -> answer(ONE_STEP));
    }

    URI url() {
        return server.url("/").uri();
    }

    List<String> userMessages() {
        return List.copyOf(userMessages);
    }

    /** The Authorization header of each request, in order. */
    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    /** The one user message that contains {@code marker}. */
    String userMessageContaining(String marker) {
        List<String> found = userMessages.stream().filter(m -> m.contains(marker)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " prompts contain " + marker + "; prompts: " + userMessages);
        }
        return found.getFirst();
    }

    private static String userMessage(RecordedRequest request) {
        try {
            JsonNode body = MissionSeed.JSON.readTree(request.getBody() == null ? "{}" : request.getBody().utf8());
            return body.path("messages").path(1).path("content").asText();
        } catch (IOException e) {
            return "unreadable request: " + e;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
