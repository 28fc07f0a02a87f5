package how.mana.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's stand-in for a real model: an OpenAI-compatible {@code POST /v1/chat/completions} endpoint on a free
 * local port that answers with a deterministic plan built from the mission text in the prompt
 * ({@link OfflinePlanAuthor}). It never calls out. The service reaches it over HTTP exactly as it reaches a model.
 */
public final class OfflinePlanner implements AutoCloseable {
    public static final String MODEL = "mana-offline-planner";
    static final String PATH = "/v1/chat/completions";
    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final OfflinePlanAuthor author = new OfflinePlanAuthor();
    private final AtomicLong answered = new AtomicLong();

    private OfflinePlanner(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
    }

    /** Listens on 127.0.0.1 on a free port; {@code clock} gives the planner's "today". */
    public static OfflinePlanner start(Clock clock) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        OfflinePlanner planner = new OfflinePlanner(server, executor, clock);
        server.createContext("/", planner::handle);
        server.start();
        return planner;
    }

    /** The base URL to use as {@code MANA_LLM_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many plans it has answered with. */
    public long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!PATH.equals(exchange.getRequestURI().getPath())) {
                send(exchange, 404, error("no such endpoint; use POST " + PATH));
            } else if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, error("use POST"));
            } else {
                answer(exchange);
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        JsonNode request;
        try (InputStream body = exchange.getRequestBody()) {
            byte[] bytes = body.readNBytes(MAX_REQUEST_BYTES + 1);
            if (bytes.length > MAX_REQUEST_BYTES) {
                send(exchange, 413, error("request too large"));
                return;
            }
            request = JSON.readTree(bytes);
        } catch (IOException notJson) {
            send(exchange, 400, error("request body is not JSON"));
            return;
        }
        String userMessage = null;
        for (JsonNode message : request == null ? JSON.createArrayNode() : request.path("messages")) {
            if ("user".equals(message.path("role").asText()) && message.path("content").isTextual()) {
                userMessage = message.get("content").textValue();
            }
        }
        if (userMessage == null) {
            send(exchange, 400, error("no user message in messages[]"));
            return;
        }
        String content = author.answer(PromptedMission.read(userMessage),
                LocalDate.ofInstant(clock.instant(), OfflinePlanAuthor.EVENT_ZONE));
        answered.incrementAndGet();
        send(exchange, 200, completion(content));
    }

    private ObjectNode completion(String content) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", "offline-" + answered.get())
                .put("object", "chat.completion")
                .put("created", clock.instant().getEpochSecond())
                .put("model", MODEL);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        return body;
    }

    private static ObjectNode error(String message) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", "invalid_request_error");
        return body;
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
