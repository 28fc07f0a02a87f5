package how.mana.ai.localllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local stand-in for an OpenAI-compatible model: {@code POST /v1/chat/completions} on a free loopback port, each
 * request read (bounded), parsed as JSON and handed to the {@link Handler} on a virtual thread of its own. Anything
 * else is refused with an OpenAI-shaped error. It never calls out. The demo's offline planner and the tests' fake
 * LLM are built on it, so the service reaches both over HTTP exactly as it reaches a model.
 */
public final class LocalChatServer implements AutoCloseable {
    public static final String PATH = "/v1/chat/completions";
    private static final int MAX_REQUEST_BYTES = 4 * 1024 * 1024;
    /** Room for every connection a planning tick opens at once ({@code MANA_AI_CONCURRENCY}), queued or not. */
    private static final int BACKLOG = 1024;
    static final ObjectMapper JSON = new ObjectMapper();

    /** Answers one chat-completions request; the exchange is closed when it returns. */
    @FunctionalInterface
    public interface Handler {
        void handle(ChatExchange exchange) throws IOException, InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final String model;
    private final Handler handler;
    private final AtomicLong completions = new AtomicLong();

    private LocalChatServer(HttpServer server, String model, Handler handler) {
        this.server = server;
        this.model = model;
        this.handler = handler;
    }

    /** Listens on 127.0.0.1 on a free port; {@code model} names the model in its answers. */
    public static LocalChatServer start(String model, Handler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
        LocalChatServer local = new LocalChatServer(server, model, handler);
        server.setExecutor(local.threads);
        server.createContext("/", local::dispatch);
        server.start();
        return local;
    }

    /** The base URL to use as {@code MANA_LLM_URL}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Stops listening, interrupts the handlers still at work (a fake's scripted wait), and waits for them to end. */
    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        threads.close();
    }

    private void dispatch(HttpExchange http) throws IOException {
        try (http) {
            if (!PATH.equals(http.getRequestURI().getPath())) {
                ChatExchange.refuse(http, 404, "no such endpoint; use POST " + PATH);
            } else if (!"POST".equals(http.getRequestMethod())) {
                ChatExchange.refuse(http, 405, "use POST");
            } else {
                handle(http);
            }
        }
    }

    private void handle(HttpExchange http) throws IOException {
        byte[] bytes;
        try (InputStream in = http.getRequestBody()) {
            bytes = in.readNBytes(MAX_REQUEST_BYTES + 1);
        }
        if (bytes.length > MAX_REQUEST_BYTES) {
            ChatExchange.refuse(http, 413, "request too large");
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(bytes);
        } catch (IOException notJson) {
            ChatExchange.refuse(http, 400, "request body is not JSON");
            return;
        }
        ChatRequest request = new ChatRequest(new Headers(http.getRequestHeaders()),
                body == null ? MissingNode.getInstance() : body);
        try {
            handler.handle(new ChatExchange(http, request, model, "chatcmpl-" + completions.incrementAndGet()));
        } catch (InterruptedException closing) {
            Thread.currentThread().interrupt();
        }
    }
}
