package how.mana.ai.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.telemetry.Tracing;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.Reply;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every failure kind against a real local HTTP server, the fake LLM. Timeouts are kept short so the suite stays
 * fast.
 */
class ChatCompletionsClientTest {
    private static final CompletionRequest PROMPT = new CompletionRequest(List.of(
            new ChatMessage.SystemMessage("system text"), new ChatMessage.UserMessage("user text")), Optional.empty());
    private static final LlmSettings.BreakerSettings LENIENT_BREAKER =
            new LlmSettings.BreakerSettings(100, 100, 50f, Duration.ofMinutes(1), 1);

    /** The per-request timeout of tests that expect one. */
    private static final Duration SHORT = Duration.ofMillis(300);

    private FakeLlm llm;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeTime time = FakeTime.exact();
    private final List<ChatCompletionsClient> clients = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        llm = FakeLlm.start();
    }

    @AfterEach
    void stop() {
        clients.forEach(ChatCompletionsClient::close);
        llm.close();
    }

    @Test
    void postsTheChatRequestAndReturnsTheContent() throws Exception {
        llm.enqueue(Reply.answer("```json\n{\"steps\":[]}\n```"));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        // The fake answers only a POST to /v1/chat/completions: an answer proves the method and the path.
        assertThat(result).isEqualTo(LlmResult.Answer.text("```json\n{\"steps\":[]}\n```"));
        ChatRequest request = llm.onlyRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer test-key");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        JsonNode body = request.body();
        assertThat(body.get("model").textValue()).isEqualTo("test-model");
        assertThat(body.get("temperature").doubleValue()).isEqualTo(0.3);
        assertThat(body.get("messages").toString()).isEqualTo(
                "[{\"role\":\"system\",\"content\":\"system text\"},{\"role\":\"user\",\"content\":\"user text\"}]");
        assertThat(attempts("success")).isEqualTo(1);
    }

    @Test
    void emptyServiceKeySendsNoAuthorization() throws Exception {
        llm.enqueue(Reply.answer("a"));
        LlmSettings s = settings(llm.url());

        client(new LlmSettings(s.baseUrl(), "", s.model(), s.temperature(), s.requestTimeout(), s.deadline(),
                s.maxResponseBytes(), s.maxAttempts(), s.backoffBase(), s.backoffMax(), s.breaker())).session().complete(PROMPT);

        assertThat(llm.onlyRequest().header("Authorization")).isNull();
    }

    @Test
    void serverErrorIsRetriedWithBackoff() {
        llm.enqueue(Reply.status(500));
        llm.enqueue(Reply.answer("second time lucky"));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isEqualTo(LlmResult.Answer.text("second time lucky"));
        assertThat(llm.requestCount()).isEqualTo(2);
        assertThat(time.sleeps()).hasSize(1);
        assertThat(time.sleeps().getFirst()).isBetween(Duration.ofMillis(5), Duration.ofMillis(10));
        assertThat(attempts("http_5xx")).isEqualTo(1);
        assertThat(attempts("success")).isEqualTo(1);
    }

    @Test
    void persistentServerErrorFailsAfterMaxAttemptsWithGrowingBackoff() {
        for (int i = 0; i < 3; i++) {
            llm.enqueue(Reply.status(503));
        }

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(((LlmResult.HttpStatus) result).code()).isEqualTo(503);
        assertThat(result.toString()).doesNotContain("test-key");
        assertThat(llm.requestCount()).isEqualTo(3);
        assertThat(time.sleeps()).hasSize(2);
        assertThat(time.sleeps().get(1)).isGreaterThan(time.sleeps().get(0));
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() {
        llm.enqueue(Reply.tooManyRequests("2"));
        llm.enqueue(Reply.answer("after waiting"));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isEqualTo(LlmResult.Answer.text("after waiting"));
        assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    }

    @Test
    void retryThatWouldPassTheDeadlineIsNotStarted() {
        llm.enqueue(Reply.tooManyRequests("3600"));
        llm.enqueue(Reply.answer("never asked"));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last().orElseThrow()).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(llm.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void clientErrorIsNotRetried() {
        llm.enqueue(Reply.status(404));
        llm.enqueue(Reply.answer("never asked"));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.HttpStatus(404, Optional.empty(),
                new ProviderError("unknown", "injected by the fake LLM")));
        assertThat(((LlmResult.Failure) result).reason())
                .isEqualTo("LLM answered HTTP 404 (unknown): injected by the fake LLM");
        assertThat(llm.requestCount()).isEqualTo(1);
        assertThat(time.sleeps()).isEmpty();
    }

    @Test
    void errorStatusWithAnEndlessBodyEndsAtOnce() {
        llm.enqueue(Reply.dripping(500, "x".repeat(100), Duration.ofMillis(100)));
        llm.enqueue(Reply.answer("fine"));

        assertThat(client(settings(llm.url())).session().complete(PROMPT)).isEqualTo(LlmResult.Answer.text("fine"));
    }

    @Test
    void connectionResetIsRetried() {
        llm.enqueue(Reply.drop());
        llm.enqueue(Reply.answer("reconnected"));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isEqualTo(LlmResult.Answer.text("reconnected"));
        assertThat(time.sleeps()).hasSize(1);
        assertThat(attempts("connection")).isEqualTo(1);
    }

    @Test
    void refusedConnectionFailsAfterRetries() throws Exception {
        URI closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/");
        }

        LlmResult result = client(settings(closedPort)).session().complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.Connection.class);
        assertThat(time.sleeps()).hasSize(2);
    }

    @Test
    void serverThatNeverAnswersTimesOutAndIsNotRetried() {
        llm.enqueue(Reply.hang());
        llm.enqueue(Reply.answer("never asked"));

        LlmResult result = client(settings(llm.url(), SHORT, Duration.ofSeconds(3))).session().complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Timeout(Duration.ofMillis(300)));
        assertThat(llm.requestCount()).isEqualTo(1);
        assertThat(attempts("timeout")).isEqualTo(1);
    }

    @Test
    void bodyDrippingAfterTheHeadersTimesOut() {
        llm.enqueue(Reply.drippingAnswer("slow", Duration.ofMillis(100)));

        LlmResult result = client(settings(llm.url(), SHORT, Duration.ofSeconds(3))).session().complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Timeout(SHORT));
    }

    @Test
    void deadlineBoundsAllAttemptsTogether() {
        llm.enqueue(Reply.status(502));
        llm.enqueue(Reply.hang());

        LlmResult result = client(settings(llm.url(), Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .session().complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last().orElseThrow()).isInstanceOf(LlmResult.Timeout.class);
        assertThat(llm.requestCount()).isEqualTo(2);
    }

    @Test
    void noWaitForARetryTheRestOfTheDeadlineCouldNotHold() {
        llm.enqueue(Reply.tooManyRequests("1"));
        llm.enqueue(Reply.answer("never asked"));

        LlmResult result = client(settings(llm.url(), Duration.ofSeconds(1), Duration.ofMillis(1500)))
                .session().complete(PROMPT);

        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last().orElseThrow()).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(time.sleeps()).as("a one-second wait would leave half a second for the retry").isEmpty();
        assertThat(llm.requestCount()).isEqualTo(1);
    }

    @Test
    void aRetryLeftWithASliverOfTheDeadlineIsNotStartedAndTheReasonNamesTheRealFailure() {
        llm.enqueue(Reply.status(429));
        llm.enqueue(Reply.hang());
        // The 5 ms wait before the retry oversleeps by a second (a busy machine) and takes almost all that is left
        // of the deadline: the retry would have under a second.
        FakeTime oversleeping = FakeTime.oversleepingBy(Duration.ofSeconds(1));
        ChatCompletionsClient client = client(settings(llm.url(), Duration.ofSeconds(1), Duration.ofMillis(1500)), oversleeping);

        LlmResult result = client.session().complete(PROMPT);

        assertThat(oversleeping.sleeps()).containsExactly(Duration.ofMillis(5));
        assertThat(result).isInstanceOf(LlmResult.DeadlineExceeded.class);
        assertThat(((LlmResult.DeadlineExceeded) result).last().orElseThrow()).isInstanceOf(LlmResult.HttpStatus.class);
        assertThat(result.toString()).doesNotContain("timed out");
        assertThat(llm.requestCount()).isEqualTo(1);
    }

    @Test
    void oversizedBodyIsCutOff() {
        llm.enqueue(Reply.answer("x".repeat(10_000)));

        LlmResult result = client(settings(llm.url())).session().complete(PROMPT);

        assertThat(result).isEqualTo(new LlmResult.Unreadable("response body larger than 4096 bytes"));
        assertThat(llm.requestCount()).isEqualTo(1);
    }

    @Test
    void unreadableEnvelopesAreTypedAndNotRetried() {
        llm.enqueue(Reply.body(200, "<html>gateway</html>"));
        llm.enqueue(Reply.body(200, "{\"choices\":[]}"));
        llm.enqueue(Reply.body(200, "{\"choices\":[{\"message\":{\"content\":{\"parts\":[]}}}]}"));
        ChatCompletionsClient client = client(settings(llm.url()));

        assertThat(client.session().complete(PROMPT)).isEqualTo(new LlmResult.Unreadable("body is not JSON"));
        assertThat(client.session().complete(PROMPT)).isEqualTo(new LlmResult.Unreadable("no choices[0].message"));
        assertThat(client.session().complete(PROMPT))
                .isEqualTo(new LlmResult.Unreadable("choices[0].message.content is not a string"));
        assertThat(llm.requestCount()).isEqualTo(3);
    }

    /** The model answered, with nothing to say: an answer all the same, for the planner to judge (SPEC §5). */
    @Test
    void emptyContentIsAnAnswerWithoutText() {
        llm.enqueue(Reply.answer("  \n"));
        llm.enqueue(Reply.body(200, "{\"choices\":[{\"message\":{\"content\":null}}]}"));
        llm.enqueue(Reply.body(200, "{\"choices\":[{\"message\":{\"role\":\"assistant\"}}]}"));
        ChatCompletionsClient client = client(settings(llm.url()));

        assertThat(client.session().complete(PROMPT)).isEqualTo(LlmResult.Answer.text("  \n"));
        LlmResult.Answer nothing = new LlmResult.Answer(null, List.of(), "", TokenUsage.NONE);
        assertThat(client.session().complete(PROMPT)).isEqualTo(nothing);
        assertThat(client.session().complete(PROMPT)).isEqualTo(nothing);
        assertThat(attempts("success")).isEqualTo(3);
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndThenRejectsWithoutCalling() {
        for (int i = 0; i < 4; i++) {
            llm.enqueue(Reply.status(500));
        }
        llm.enqueue(Reply.answer("not reached while open"));
        LlmSettings s = settings(llm.url());
        ChatCompletionsClient client = client(new LlmSettings(s.baseUrl(), s.serviceKey(), s.model(), s.temperature(),
                s.requestTimeout(), s.deadline(), s.maxResponseBytes(), 1, s.backoffBase(), s.backoffMax(),
                new LlmSettings.BreakerSettings(4, 4, 50f, Duration.ofMinutes(5), 1)));

        for (int i = 0; i < 4; i++) {
            assertThat(client.session().complete(PROMPT)).isInstanceOf(LlmResult.HttpStatus.class);
        }
        LlmResult rejected = client.session().complete(PROMPT);

        assertThat(rejected).isEqualTo(new LlmResult.CircuitOpen());
        assertThat(llm.requestCount()).isEqualTo(4);
    }

    @Test
    void manyConcurrentCallersShareOneClient() throws Exception {
        int callers = 20;
        for (int i = 0; i < callers; i++) {
            llm.enqueue(Reply.answer("answer"));
        }
        ChatCompletionsClient client = client(settings(llm.url()));
        List<Thread> threads = new ArrayList<>();
        List<LlmResult> results = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < callers; i++) {
            threads.add(Thread.ofVirtual().start(() -> results.add(client.session().complete(PROMPT))));
        }
        for (Thread t : threads) {
            t.join();
        }

        assertThat(results).hasSize(callers).containsOnly(LlmResult.Answer.text("answer"));
    }

    /** On two cores the common pool has one worker; the client must not need it to receive an answer. */
    @Test
    void answersArriveWhileEveryCommonPoolWorkerIsBlocked() throws Exception {
        llm.enqueue(Reply.answer("answer"));
        ChatCompletionsClient client = client(settings(llm.url()));
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

            assertThat(client.session().complete(PROMPT)).isEqualTo(LlmResult.Answer.text("answer"));
        } finally {
            release.countDown();
        }
    }

    private long providerErrors(String provider, String kind) {
        var counter = meters.find(ChatCompletionsClient.PROVIDER_ERRORS_METRIC).tag("provider", provider)
                .tag("kind", kind).counter();
        return counter == null ? 0 : (long) counter.count();
    }

    private long attempts(String outcome) {
        return (long) meters.get(LlmRequestTelemetry.REQUESTS_METRIC).tag("outcome", outcome).counter().count();
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
        ChatCompletionsClient client = new ChatCompletionsClient(settings, meters, Tracing.off(), time,
                new RequestRetryDelay(settings.backoffBase(), settings.backoffMax(), () -> 0.0));
        clients.add(client);
        return client;
    }
}
