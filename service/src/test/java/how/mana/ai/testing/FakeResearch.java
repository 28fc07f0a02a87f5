package how.mana.ai.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fake research services of the tests, on one loopback port: the news-research API ({@code discover},
 * {@code search}) and the research service's deep-research jobs ({@code submit}, {@code poll}). Each endpoint answers
 * with the answers queued for it first, in order, then with its standing answer; every request is kept (method,
 * path, headers, JSON body) to assert on.
 */
public final class FakeResearch implements AutoCloseable {
    public static final String DISCOVER = "/api/v1/news-research/discover";
    public static final String SEARCH = "/api/v1/news-research/search";
    public static final String JOBS = "/api/v1/internal/research/async";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The endpoints, as {@link #on}, {@link #enqueue} and {@link #received} name them. */
    public enum Endpoint { DISCOVER, SEARCH, SUBMIT, POLL }

    /** One request as it arrived; header names in lower case. */
    public record Received(String method, String path, Map<String, String> headers, JsonNode body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** What an endpoint sends back. */
    @FunctionalInterface
    public interface Answer {
        void send(HttpExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Endpoint, Answer> standing = new ConcurrentHashMap<>();
    private final Map<Endpoint, Queue<Answer>> queued = new ConcurrentHashMap<>();
    private final Queue<Map.Entry<Endpoint, Received>> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger tasks = new AtomicInteger();

    private FakeResearch() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::dispatch);
        // Until told otherwise: nothing found, and every submitted job is running.
        on(Endpoint.DISCOVER, json(200, "{\"feeds\":[]}"));
        on(Endpoint.SEARCH, json(200, "{\"articles\":[]}"));
        on(Endpoint.SUBMIT, exchange -> json(200, "{\"taskId\":\"task-" + tasks.incrementAndGet()
                + "\",\"status\":\"queued\",\"providerId\":\"gemini-deep-research-max\",\"costCredits\":5}")
                .send(exchange));
        on(Endpoint.POLL, job("running"));
        server.start();
    }

    public static FakeResearch start() throws IOException {
        return new FakeResearch();
    }

    /** The base URL, as {@code MANA_API_URL} and {@code MANA_RESEARCH_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The endpoint's answer to every request nothing is queued for. */
    public FakeResearch on(Endpoint endpoint, Answer answer) {
        standing.put(endpoint, answer);
        return this;
    }

    /** Answers the endpoint's next requests with these, in order. */
    public FakeResearch enqueue(Endpoint endpoint, Answer... answers) {
        queued.computeIfAbsent(endpoint, e -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
        return this;
    }

    /** The requests the endpoint received, oldest first. */
    public List<Received> received(Endpoint endpoint) {
        return received.stream().filter(e -> e.getKey() == endpoint).map(Map.Entry::getValue).toList();
    }

    /** Every request received, oldest first. */
    public int requestCount() {
        return received.size();
    }

    /** A JSON (or any text) body with this status. */
    public static Answer json(int status, String body) {
        return exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        };
    }

    /** {@code answer}, after a pause longer than the client waits. */
    public static Answer after(Duration pause, Answer answer) {
        return exchange -> {
            Thread.sleep(pause);
            answer.send(exchange);
        };
    }

    /** A 200 whose body is {@code bytes} long: the start of a JSON object that goes on and on. */
    public static Answer oversized(int bytes) {
        return exchange -> {
            exchange.sendResponseHeaders(200, bytes);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"feeds\":[\"".getBytes(StandardCharsets.US_ASCII));
                byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                for (int left = bytes - 11; left > 0; left -= chunk.length) {
                    out.write(chunk, 0, Math.min(left, chunk.length));
                }
            } catch (IOException clientGaveUp) {
                // The client stops reading at its limit; that is the point.
            }
        };
    }

    /** The discover answer naming these feeds. */
    public static Answer feeds(String... urls) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode feeds = body.putArray("feeds");
        for (String url : urls) {
            feeds.addObject().put("url", url).put("title", "Feed " + url).put("description", "");
        }
        return json(200, body.toString());
    }

    /** The search answer with one article per {@code {url, title, excerpt, publishedAt}} quadruple. */
    public static Answer articles(String... fields) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode articles = body.putArray("articles");
        for (int i = 0; i + 3 < fields.length; i += 4) {
            ObjectNode a = articles.addObject().put("url", fields[i]).put("title", fields[i + 1]);
            a.put("excerpt", fields[i + 2]).put("publishedAt", fields[i + 3]).put("feedUrl", "https://feed")
                    .put("score", 1.0);
        }
        return json(200, body.toString());
    }

    /** A poll answer with this status and no result. */
    public static Answer job(String status) {
        return json(200, "{\"taskId\":\"t\",\"status\":\"" + status
                + "\",\"providerId\":\"gemini-deep-research-max\"}");
    }

    /** A poll answer: completed, with this answer and one citation. */
    public static Answer completed(String answer, String citationUrl, String citationTitle) {
        ObjectNode body = JSON.createObjectNode().put("taskId", "t").put("status", "completed")
                .put("providerId", "gemini-deep-research-max");
        ObjectNode inner = body.putObject("result").putObject("answer").put("query", "q").put("answer", answer);
        inner.putArray("citations").addObject().put("url", citationUrl).put("title", citationTitle)
                .put("snippet", "Auszug");
        return json(200, body.toString());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        threads.close();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            Endpoint endpoint = switch (method + " " + (path.startsWith(JOBS + "/") ? JOBS + "/" : path)) {
                case "POST " + DISCOVER -> Endpoint.DISCOVER;
                case "POST " + SEARCH -> Endpoint.SEARCH;
                case "POST " + JOBS -> Endpoint.SUBMIT;
                case "GET " + JOBS + "/" -> Endpoint.POLL;
                default -> null;
            };
            if (endpoint == null) {
                json(404, "{\"error\":\"no such endpoint\"}").send(exchange);
                return;
            }
            received.add(Map.entry(endpoint, new Received(method, path, headers(exchange), body(exchange))));
            Queue<Answer> next = queued.get(endpoint);
            Answer answer = next == null ? null : next.poll();
            (answer == null ? standing.get(endpoint) : answer).send(exchange);
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), values.getFirst()));
        return headers;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            return bytes.length == 0 ? MissingNode.getInstance() : JSON.readTree(bytes);
        }
    }
}
