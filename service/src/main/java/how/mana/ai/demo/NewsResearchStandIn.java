package how.mana.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The demo's stand-in for the news-research API (SPEC-LATEST §19.1): {@code discover} and {@code search} on a free
 * loopback port, answering every query with the same few feeds and articles about solar power, dated from the
 * demo's clock. It never calls out; the service reaches it over HTTP exactly as it reaches the real API.
 */
final class NewsResearchStandIn implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final List<String> FEEDS = List.of("https://www.solarserver.example/feed",
            "https://energiewende-news.example/rss");
    /** URL, title, excerpt, days before today. */
    private static final List<String[]> ARTICLES = List.of(
            new String[] {"https://www.solarserver.example/2026/balkonkraftwerke-rekord",
                    "Balkonkraftwerke: eine Million Anlagen angemeldet",
                    "Die Bundesnetzagentur meldet einen neuen Rekord bei steckerfertigen Solaranlagen.", "1"},
            new String[] {"https://energiewende-news.example/einspeiseverguetung-2026",
                    "Was die neue Einspeisevergütung für kleine Anlagen bedeutet",
                    "Ab Juli sinkt die Vergütung; Eigenverbrauch lohnt sich mehr denn je.", "3"},
            new String[] {"https://www.solarserver.example/2026/speicher-preise",
                    "Batteriespeicher so günstig wie nie",
                    "Die Preise für Heimspeicher sind binnen eines Jahres um ein Viertel gefallen.", "6"});

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;
    private final AtomicInteger searches = new AtomicInteger();

    private NewsResearchStandIn(Clock clock) throws IOException {
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(threads);
        server.createContext("/", this::dispatch);
        server.start();
    }

    /** Listens on 127.0.0.1 on a free port. */
    static NewsResearchStandIn start(Clock clock) throws IOException {
        return new NewsResearchStandIn(clock);
    }

    /** The base URL to use as {@code MANA_API_URL}. */
    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many searches it answered with articles. */
    int searches() {
        return searches.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            JsonNode request = read(exchange);
            if (!"POST".equals(exchange.getRequestMethod()) || request == null || !request.path("query").isTextual()) {
                send(exchange, 400, JSON.createObjectNode().put("error", "POST a JSON body with a query"));
            } else if (path.equals("/api/v1/news-research/discover")) {
                ObjectNode answer = JSON.createObjectNode();
                ArrayNode feeds = answer.putArray("feeds");
                FEEDS.forEach(url -> feeds.addObject().put("url", url).put("title", URI.create(url).getHost())
                        .put("description", "Nachrichten zu Solarstrom"));
                send(exchange, 200, answer);
            } else if (path.equals("/api/v1/news-research/search")) {
                searches.incrementAndGet();
                send(exchange, 200, articles());
            } else {
                send(exchange, 404, JSON.createObjectNode().put("error", "no such endpoint"));
            }
        }
    }

    private ObjectNode articles() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode articles = answer.putArray("articles");
        for (String[] a : ARTICLES) {
            articles.addObject().put("url", a[0]).put("title", a[1]).put("excerpt", a[2])
                    .put("publishedAt", today.minusDays(Long.parseLong(a[3])).toString())
                    .put("feedUrl", a[0].contains("solarserver") ? FEEDS.get(0) : FEEDS.get(1)).put("score", 0.9);
        }
        return answer;
    }

    private static JsonNode read(HttpExchange exchange) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_REQUEST_BYTES);
            return JSON.readTree(bytes);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
