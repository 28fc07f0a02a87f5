package how.mana.ai.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import how.mana.ai.planner.llm.LlmResponses;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A chat-completions server for long runs (the soak), on the JDK's HTTP server: it answers a valid one-step plan
 * after a short random delay, or fails a given share of calls — half of them with HTTP 500, which the client retries
 * within the call, half with HTTP 400, which it does not, so the slot's own retry on a later tick is exercised too.
 * Counts each.
 */
final class FakeLlmServer implements AutoCloseable {
    static final String PLAN = """
            ```json
            {"summary":"Plan","steps":[{"toolName":"create_task","summary":"Lauf planen",
              "rationale":"Die Woche braucht einen Lauf","params":{"title":"Laufen","priority":"medium"}}]}
            ```""";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final double failureShare;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed500 = new AtomicLong();
    private final AtomicLong failed400 = new AtomicLong();

    private FakeLlmServer(HttpServer server, double failureShare) {
        this.server = server;
        this.failureShare = failureShare;
    }

    static FakeLlmServer start(double failureShare) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        FakeLlmServer fake = new FakeLlmServer(server, failureShare);
        server.createContext("/v1/chat/completions", fake::handle);
        server.setExecutor(fake.threads);
        server.start();
        return fake;
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    long answered() {
        return answered.get();
    }

    long failed500() {
        return failed500.get();
    }

    long failed400() {
        return failed400.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            ThreadLocalRandom random = ThreadLocalRandom.current();
            Thread.sleep(random.nextInt(20, 200));
            double draw = random.nextDouble();
            int status = draw < failureShare / 2 ? 500 : draw < failureShare ? 400 : 200;
            byte[] body = (status == 200 ? LlmResponses.envelope(PLAN) : "{\"error\":\"injected\"}")
                    .getBytes(StandardCharsets.UTF_8);
            (status == 500 ? failed500 : status == 400 ? failed400 : answered).incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.close();
    }
}
