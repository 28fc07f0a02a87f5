package how.mana.ai.localllm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;

/** One request to a {@link LocalChatServer} and the means to answer it. */
public final class ChatExchange {
    private static final Map<String, String> JSON_CONTENT = Map.of("Content-Type", "application/json");

    private final HttpExchange http;
    private final ChatRequest request;
    private final String model;
    private final String completionId;

    ChatExchange(HttpExchange http, ChatRequest request, String model, String completionId) {
        this.http = http;
        this.request = request;
        this.model = model;
        this.completionId = completionId;
    }

    public ChatRequest request() {
        return request;
    }

    /** Answers 200 with a chat completion whose one choice says {@code content}. */
    public void answer(String content) throws IOException {
        send(200, JSON_CONTENT, completion(content));
    }

    /** Answers 200 with a chat completion whose one choice is {@code turn}. */
    public void answer(AssistantTurn turn) throws IOException {
        send(200, JSON_CONTENT, completion(turn));
    }

    /** The body {@link #answer} sends: an OpenAI-shaped chat completion whose one choice says {@code content}. */
    public byte[] completion(String content) {
        ObjectNode body = envelope();
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        return bytes(body);
    }

    /**
     * An OpenAI-shaped chat completion whose one choice is {@code turn}: its text, its calls as {@code tool_calls},
     * the finish reason they imply, and {@code usage} with the turn's tokens.
     */
    public byte[] completion(AssistantTurn turn) {
        ObjectNode body = envelope();
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        ObjectNode message = choice.putObject("message").put("role", "assistant").put("content", turn.content());
        if (!turn.calls().isEmpty()) {
            var calls = message.putArray("tool_calls");
            for (AssistantTurn.Call call : turn.calls()) {
                calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                        .put("name", call.name()).put("arguments", call.arguments());
            }
        }
        choice.put("finish_reason", turn.finishReason());
        body.putObject("usage").put("prompt_tokens", turn.promptTokens())
                .put("completion_tokens", turn.completionTokens())
                .put("total_tokens", turn.promptTokens() + turn.completionTokens());
        return bytes(body);
    }

    private ObjectNode envelope() {
        return LocalChatServer.JSON.createObjectNode()
                .put("id", completionId)
                .put("object", "chat.completion")
                .put("created", Instant.now().getEpochSecond())
                .put("model", model);
    }

    /** Answers {@code status} with an OpenAI-shaped error. */
    public void error(int status, String message) throws IOException {
        refuse(http, status, message);
    }

    /** Answers {@code status} with these headers and this body. */
    public void send(int status, Map<String, String> headers, byte[] body) throws IOException {
        send(http, status, headers, body);
    }

    /**
     * Sends the status line and headers of an answer whose body will have {@code length} bytes, and returns the
     * stream for the body, for the caller to write at its own pace.
     */
    public OutputStream startAnswer(int status, Map<String, String> headers, long length) throws IOException {
        return startAnswer(http, status, headers, length);
    }

    /** Answers a request the server does not hand to its handler. */
    static void refuse(HttpExchange http, int status, String message) throws IOException {
        ObjectNode body = LocalChatServer.JSON.createObjectNode();
        body.putObject("error").put("message", message)
                .put("type", status >= 500 ? "server_error" : "invalid_request_error");
        send(http, status, JSON_CONTENT, bytes(body));
    }

    private static void send(HttpExchange http, int status, Map<String, String> headers, byte[] body)
            throws IOException {
        try (OutputStream out = startAnswer(http, status, headers, body.length)) {
            out.write(body);
        }
    }

    private static OutputStream startAnswer(HttpExchange http, int status, Map<String, String> headers, long length)
            throws IOException {
        headers.forEach(http.getResponseHeaders()::set);
        // The JDK server reads a length of 0 as "chunked, length unknown" and -1 as "no body".
        http.sendResponseHeaders(status, length == 0 ? -1 : length);
        return http.getResponseBody();
    }

    private static byte[] bytes(ObjectNode body) {
        try {
            return LocalChatServer.JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree always serialises", e);
        }
    }
}
