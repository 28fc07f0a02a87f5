package how.mana.ai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat-completions endpoint on a free loopback port that answers every request after a fixed
 * latency with the same small valid plan (one {@code create_task} step in a {@code json} fence), so a benchmark tick
 * does the real parsing and writing. It also records how many requests were in flight at most, which shows whether
 * the service reached its configured concurrency.
 */
public final class FakeLlm implements AutoCloseable {
    static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Duration latency;
    private final byte[] answer;
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    private FakeLlm(Duration latency) throws IOException {
        this.latency = latency;
        this.answer = completion(planText()).getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    public static FakeLlm start(Duration latency) throws IOException {
        FakeLlm llm = new FakeLlm(latency);
        llm.server.start();
        return llm;
    }

    /** The base URL to configure as {@code MANA_LLM_URL}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public int requests() {
        return requests.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.transferTo(OutputStream.nullOutputStream());
            if (!"POST".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            requests.incrementAndGet();
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return;
            } finally {
                inFlight.decrementAndGet();
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    /** The model's reply text: one fenced plan, as a well-behaved model writes it. */
    static String planText() {
        ObjectNode plan = MAPPER.createObjectNode().put("summary", "Plan the week's long run");
        plan.putArray("steps").addObject()
                .put("toolName", "create_task")
                .put("summary", "Long run on Sunday")
                .put("rationale", "The objective needs one long run a week; Sunday is free in the calendar.")
                .putObject("params").put("title", "Long run, 18 km").put("priority", "medium");
        return "Here is the plan.\n```json\n" + plan.toPrettyString() + "\n```\n";
    }

    private static String completion(String content) {
        ObjectNode root = MAPPER.createObjectNode()
                .put("id", "chatcmpl-bench")
                .put("object", "chat.completion")
                .put("model", "bench-fake");
        ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        try {
            return MAPPER.writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
