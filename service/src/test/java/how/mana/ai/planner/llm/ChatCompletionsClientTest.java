package how.mana.ai.planner.llm;

import static how.mana.ai.planner.llm.LlmResponses.envelope;
import static how.mana.ai.planner.llm.LlmResponses.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.planner.prompt.ChatPrompt;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every failure kind against a real local HTTP server. Timeouts are kept short so the suite stays fast. */
class ChatCompletionsClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ChatPrompt PROMPT = new ChatPrompt("system text", "user text");
    private static final LlmSettings.BreakerSettings LENIENT_BREAKER =
            new LlmSettings.BreakerSettings(100, 100, 50f, Duration.ofMinutes(1), 1);

    /** The per-request timeout of tests that expect one. */
    private static final Duration SHORT = Duration.ofMillis(300);

    private final MockWebServer server = new MockWebServer();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeTime time = FakeTime.exact();
    private final List<ChatCompletionsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(ChatCompletionsClient::close);
        server.close();
    }

    @Test
    void postsTheChatRequestAndReturnsTheContent() throws Exception {
        server.enqueue(ok(envelope("```json\n{\"steps\":[]}\n```")));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Answer("```json\n{\"steps\":[]}\n```"));
        RecordedRequest request = server.takeRequest();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/v1/chat/completions");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer test-key");
        assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json");
        JsonNode body = JSON.readTree(request.getBody().utf8());
        assertThat(body.get("model").textValue()).isEqualTo("test-model");
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.3);
        assertThat(body.get("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"system text\"},{\"role\":\"user\",\"content\":\"user text\"}]");
        assertThat(attempts("success")).isEqualTo(1);
    }

    @Test
    void baseUrlWithTrailingSlashOrPathIsJoinedCleanly() throws Exception {
        server.enqueue(ok(envelope("a")));

        client(settings(server.url("/llm/").uri())).complete(PROMPT);

        assertThat(server.takeRequest().getTarget()).isEqualTo("/llm/v1/chat/completions");
    }

    @Test
    void emptyServiceKeySendsNoAuthorization() throws Exception {
        server.enqueue(ok(envelope("a")));
        LlmSettings s = settings(server.url("/").uri());

        client(new LlmSettings(s.baseUrl(), "", s.model(), s.temperature(), s.requestTimeout(), s.deadline(),
                s.maxResponseBytes(), s.maxAttempts(), s.backoffBase(), s.backoffMax(), s.breaker())).complete(PROMPT);

        assertThat(server.takeRequest().getHeaders().get("Authorization")).isNull();
    }

    @Test
    void serverErrorIsRetriedWithBackoff() {
        server.enqueue(status(500));
        server.enqueue(ok(envelope("second time lucky")));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Answer("second time lucky"));
        assertThat(server.getRequestCount()).isEqualTo(2);
        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.sleeps().getFirst()).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(attempts("http_5xx")).isEqualTo(1);
        assertThat(attempts("success")).isEqualTo(1);
    }

    @Test
    void persistentServerErrorFailsAfterMaxAttemptsWithGrowingBackoff() {
        for (int i = 0; i < 3; i++) {
            server.enqueue(status(503));
        }

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(((LlmResult.HttpStatus) result).code()).isEqualTo(503);
        assertThat(result.toString()).doesNotContain("test-key");
        assertThat(server.getRequestCount()).isEqualTo(3);
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(1)).isGreaterThan(time.sleeps().get(0));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "2").build());
        server.enqueue(ok(envelope("after waiting")));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Answer("after waiting"));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryThatWouldPassTheDeadlineIsNotStarted() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "3600").build());
        server.enqueue(ok(envelope("never asked")));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last()).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void clientErrorIsNotRetried() {
        server.enqueue(status(404));
        server.enqueue(ok(envelope("never asked")));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.HttpStatus(404, java.util.Optional.empty()));
        assertThat(((LlmResult.Failure) result).reason()).isEqualTo("LLM answered HTTP 404");
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void errorStatusWithAnEndlessBodyEndsAtOnce() {
        server.enqueue(new MockResponse.Builder().code(500).body(new DrippingBody("x".repeat(100))).build());
        server.enqueue(ok(envelope("fine")));

        assertThat(client(settings(server.url("/").uri())).complete(PROMPT)).isEqualTo(new LlmResult.Answer("fine"));
    }

    @Test
    void connectionResetIsRetried() {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());
        server.enqueue(ok(envelope("reconnected")));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Answer("reconnected"));
        assertThat(time.sleeps()).hasSize(1);
        assertThat(attempts("connection")).isEqualTo(1);
    }

    @Test
    void refusedConnectionFailsAfterRetries() throws Exception {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        LlmResult result = client(settings(closedPort)).complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.Connection.class);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void serverThatNeverAnswersTimesOutAndIsNotRetried() {
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(ok(envelope("never asked")));

        LlmResult result = client(settings(server.url("/").uri(), SHORT, Duration.ofSeconds(3))).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Timeout(Duration.ofMillis(300)));
        assertThat(server.getRequestCount()).isEqualTo(1);
        assertThat(attempts("timeout")).isEqualTo(1);
    }

    @Test
    void bodyDrippingAfterTheHeadersTimesOut() {
        server.enqueue(new MockResponse.Builder().code(200).body(new DrippingBody(envelope("slow"))).build());

        LlmResult result = client(settings(server.url("/").uri(), SHORT, Duration.ofSeconds(3))).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Timeout(SHORT));
    }

    @Test
    void deadlineBoundsAllAttemptsTogether() {
        server.enqueue(status(502));
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());

        LlmResult result = client(settings(server.url("/").uri(), Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last()).isInstanceOf(LlmResult.Timeout.class);
        assertThat(server.getRequestCount()).isEqualTo(2);
    }

    @Test
    void noWaitForARetryTheRestOfTheDeadlineCouldNotHold() {
        server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").build());
        server.enqueue(ok(envelope("never asked")));

        LlmResult result = client(settings(server.url("/").uri(), Duration.ofSeconds(1), Duration.ofMillis(1500)))
                .complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last()).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(time.sleeps()).as("a one-second wait would leave half a second for the retry").isEmpty();
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aRetryLeftWithASliverOfTheDeadlineIsNotStartedAndTheReasonNamesTheRealFailure() {
        server.enqueue(status(429));
        server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        // The 5 ms wait before the retry oversleeps by a second (a busy machine) and takes almost all that is left
        // of the deadline: the retry would have under a second.
        FakeTime oversleeping = FakeTime.oversleepingBy(Duration.ofSeconds(1));
        LlmClient client = client(settings(server.url("/").uri(), Duration.ofSeconds(1), Duration.ofMillis(1500)),
                oversleeping);

        LlmResult result = client.complete(PROMPT);

        assertThat(oversleeping.sleeps()).containsExactly(Duration.ofMillis(5));
        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last()).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(result.toString()).doesNotContain("timed out");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void oversizedBodyIsCutOff() {
        server.enqueue(ok(envelope("x".repeat(10_000))));

        LlmResult result = client(settings(server.url("/").uri())).complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Unreadable("response body larger than 4096 bytes"));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void unreadableEnvelopesAreTypedAndNotRetried() {
        server.enqueue(ok("<html>gateway</html>"));
        server.enqueue(ok("{\"choices\":[]}"));
        server.enqueue(ok("{\"choices\":[{\"message\":{\"content\":{\"parts\":[]}}}]}"));
        LlmClient client = client(settings(server.url("/").uri()));

        assertThat(client.complete(PROMPT)).isEqualTo(new LlmResult.Unreadable("body is not JSON"));
        assertThat(client.complete(PROMPT)).isEqualTo(new LlmResult.Unreadable("no choices[0].message"));
        assertThat(client.complete(PROMPT))
                .isEqualTo(new LlmResult.Unreadable("choices[0].message.content is not a string"));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void emptyContentIsTyped() {
        server.enqueue(ok(envelope("  \n")));
        server.enqueue(ok("{\"choices\":[{\"message\":{\"content\":null}}]}"));
        server.enqueue(ok("{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}"));
        LlmClient client = client(settings(server.url("/").uri()));

        for (int i = 0; i < 3; i++) {
            assertThat(client.complete(PROMPT)).isEqualTo(new LlmResult.EmptyContent());
        }
        assertThat(attempts("empty_content")).isEqualTo(3);
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndThenRejectsWithoutCalling() {
        for (int i = 0; i < 4; i++) {
            server.enqueue(status(500));
        }
        server.enqueue(ok(envelope("not reached while open")));
        LlmSettings s = settings(server.url("/").uri());
        LlmClient client = client(new LlmSettings(s.baseUrl(), s.serviceKey(), s.model(), s.temperature(),
                s.requestTimeout(), s.deadline(), s.maxResponseBytes(), 1, s.backoffBase(), s.backoffMax(),
                new LlmSettings.BreakerSettings(4, 4, 50f, Duration.ofMinutes(5), 1)));

        for (int i = 0; i < 4; i++) {
            assertThat(client.complete(PROMPT)).isInstanceOf(LlmResult.HttpStatus.class);
        }
        LlmResult rejected = client.complete(PROMPT);

        assertThat(rejected).isEqualTo(new LlmResult.CircuitOpen());
        assertThat(server.getRequestCount()).isEqualTo(4);
    }

    @Test
    void manyConcurrentCallersShareOneClient() throws Exception {
        int callers = 20;
        for (int i = 0; i < callers; i++) {
            server.enqueue(ok(envelope("answer")));
        }
        LlmClient client = client(settings(server.url("/").uri()));
        List<Thread> threads = new ArrayList<>();
        List<LlmResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> results.add(client.complete(PROMPT))));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(results).hasSize(callers).containsOnly(new LlmResult.Answer("answer"));
    }

    /** On two cores the common pool has one worker; the client must not need it to receive an answer. */
    @Test
    void answersArriveWhileEveryCommonPoolWorkerIsBlocked() throws Exception {
        server.enqueue(ok(envelope("answer")));
        LlmClient client = client(settings(server.url("/").uri()));
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        try {
            assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();

            assertThat(client.complete(PROMPT)).isEqualTo(new LlmResult.Answer("answer"));
        } finally {
            release.countDown();
        }
    }

    private long attempts(String outcome) {
        return meters.get("mana.ai.planner.request.duration").tag("outcome", outcome).timer().count();
    }

    /** Generous limits for tests that expect no timeout, so a slow machine cannot turn them into one. */
    private LlmSettings settings(URI url) {
        return settings(url, Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    private static LlmSettings settings(URI url, Duration timeout, Duration deadline) {
        return new LlmSettings(url, "test-key", "test-model", 0.3, timeout, deadline, 4096, 3,
                Duration.ofMillis(10), Duration.ofMillis(40), LENIENT_BREAKER);
    }

    private ChatCompletionsClient client(LlmSettings settings) {
        return client(settings, time);
    }

    /** A client on the given time, with its backoff jitter pinned to the shortest wait. */
    private ChatCompletionsClient client(LlmSettings settings, FakeTime time) {
        ChatCompletionsClient client = new ChatCompletionsClient(settings, meters, time,
                new RequestRetryDelay(settings.backoffBase(), settings.backoffMax(), () -> 0.0));
        clients.add(client);
        return client;
    }

    private static MockResponse status(int code) {
        return new MockResponse.Builder().code(code).body("{\"error\":\"x\"}").build();
    }
}
