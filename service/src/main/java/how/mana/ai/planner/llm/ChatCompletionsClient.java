package how.mana.ai.planner.llm;

import how.mana.ai.httpclient.BoundedBodies;
import how.mana.ai.httpclient.ErrorBodySubscriber;
import how.mana.ai.telemetry.Tracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM client (SPEC §5, §15.1, §15.6): OpenAI-compatible chat completions over the JDK HTTP client. A planning
 * run opens a {@link #session()}; every request of it, each round of a tool-calling run included, gets the retries
 * below, and all of them together stay within the run's deadline.
 *
 * <p>Each attempt is bounded as a whole, headers and body, by waiting on the exchange's future and cancelling it on
 * timeout; {@link HttpRequest#timeout} alone would only bound the wait for headers. Retries (connection errors, 429,
 * 5xx) are a plain loop rather than Resilience4j Retry, because the two rules that matter here — honour
 * {@code Retry-After} and never start a retry the deadline cannot cover — read more directly as code than as retry
 * configuration. The circuit breaker is Resilience4j's, one per client, shared by every mission. Thread-safe; meant
 * to be called from many virtual threads at once.
 */
public final class ChatCompletionsClient implements LlmClient, AutoCloseable {
    static final String PROVIDER_ERRORS_METRIC = "mana_ai_provider_errors";
    private static final Logger log = LoggerFactory.getLogger(ChatCompletionsClient.class);
    private static final Duration MINIMUM_RETRY = Duration.ofSeconds(1);
    /** How much of an error body is read for the provider's reason, and how long it may take to arrive. */
    private static final int ERROR_BODY_BYTES = 4096;
    private static final Duration ERROR_BODY_WAIT = Duration.ofSeconds(1);

    private final LlmSettings settings;
    private final MeterRegistry meters;
    private final LlmRequestTelemetry telemetry;
    private final ExecutorService httpThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final CircuitBreaker breaker;
    private final RequestRetryDelay backoff;
    private final TimeSource time;

    /**
     * The time the client measures its deadline and attempts in, and waits between attempts: the system's in
     * production; a seam so tests can pass the deadline or observe backoff without waiting.
     */
    interface TimeSource {
        TimeSource SYSTEM = new TimeSource() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(Duration duration) throws InterruptedException {
                Thread.sleep(duration);
            }
        };

        /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
        long nanoTime();

        /** Pauses the calling thread. */
        void sleep(Duration duration) throws InterruptedException;
    }

    public ChatCompletionsClient(LlmSettings settings, MeterRegistry meters, Tracing tracing) {
        this(settings, meters, tracing, TimeSource.SYSTEM, new RequestRetryDelay(settings.backoffBase(),
                settings.backoffMax(), () -> ThreadLocalRandom.current().nextDouble()));
    }

    ChatCompletionsClient(LlmSettings settings, MeterRegistry meters, Tracing tracing, TimeSource time,
                          RequestRetryDelay backoff) {
        this.settings = settings;
        this.meters = meters;
        this.telemetry = new LlmRequestTelemetry(settings, meters, tracing);
        this.time = time;
        this.backoff = backoff;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.requestTimeout())
                .executor(httpThreads)
                .build();
        LlmSettings.BreakerSettings b = settings.breaker();
        this.breaker = CircuitBreaker.of("llm", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.window())
                .minimumNumberOfCalls(b.minimumCalls())
                .failureRateThreshold(b.failureRatePercent())
                .waitDurationInOpenState(b.openFor())
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                .build());
    }

    @Override
    public LlmSession session() {
        long deadlineNanos = time.nanoTime() + settings.deadline().toNanos();
        return request -> counted(complete(request, deadlineNanos));
    }

    /** One request of a run, retries included, within the run's deadline. */
    private LlmResult complete(CompletionRequest request, long deadlineNanos) {
        byte[] body = ChatEnvelope.request(settings.model(), settings.temperature(), request);
        LlmResult.Failure last = null;
        for (int attempt = 1; ; attempt++) {
            // Checked before taking a breaker permission: a permission taken must always be reported back.
            Duration remaining = Duration.ofNanos(deadlineNanos - time.nanoTime());
            // An attempt left with a sliver of the deadline (a retry whose wait overslept, a later round of a long
            // run) could only time out, and its "timed out after 1 ms" would hide the failure that made it retry
            // (say HTTP 429): give up with that failure, if there was one.
            if (remaining.compareTo(minimumRetry()) < 0) {
                return new LlmResult.DeadlineExceeded(settings.deadline(), Optional.ofNullable(last));
            }
            if (!breaker.tryAcquirePermission()) {
                return new LlmResult.CircuitOpen();
            }
            Duration limit = remaining.compareTo(settings.requestTimeout()) < 0 ? remaining : settings.requestTimeout();
            LlmResult result = timedAttempt(body, limit);
            if (!(result instanceof LlmResult.Failure failure)) {
                return result;
            }
            if (failure instanceof LlmResult.Timeout && limit.compareTo(settings.requestTimeout()) < 0) {
                return new LlmResult.DeadlineExceeded(settings.deadline(), Optional.of(failure));
            }
            if (!retryable(failure) || attempt >= settings.maxAttempts() || Thread.currentThread().isInterrupted()) {
                return failure;
            }
            Optional<Duration> retryAfter =
                    failure instanceof LlmResult.HttpStatus s ? s.retryAfter() : Optional.empty();
            Duration wait = backoff.before(attempt, retryAfter);
            // No waiting for a retry the rest of the deadline could not hold.
            if (time.nanoTime() + wait.toNanos() + minimumRetry().toNanos() > deadlineNanos) {
                return new LlmResult.DeadlineExceeded(settings.deadline(), Optional.of(failure));
            }
            log.atDebug().addKeyValue("attempt", attempt).addKeyValue("waitMs", wait.toMillis())
                    .addKeyValue("reason", failure.reason()).log("LLM request failed, retrying");
            last = failure;
            try {
                time.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return failure;
            }
        }
    }

    /**
     * Counts a request that ended in the provider's refusal, by provider (the model id up to its first {@code /}) and
     * kind. A failed request ends its run, so this counts once per run.
     */
    private LlmResult counted(LlmResult result) {
        if (result instanceof LlmResult.Failure failure) {
            failure.providerError().ifPresent(error -> Counter.builder(PROVIDER_ERRORS_METRIC)
                    .description("Planning runs that ended in a provider's refusal (SPEC §15.6)")
                    .tag("provider", settings.model().split("/", 2)[0]).tag("kind", error.kind())
                    .register(meters).increment());
        }
        return result;
    }

    /** The least time worth starting a retry with: a second, or the request timeout when that is shorter. */
    private Duration minimumRetry() {
        return settings.requestTimeout().compareTo(MINIMUM_RETRY) < 0 ? settings.requestTimeout() : MINIMUM_RETRY;
    }

    private static boolean retryable(LlmResult.Failure failure) {
        return failure instanceof LlmResult.Connection
                || failure instanceof LlmResult.HttpStatus status && status.retryable();
    }

    /** One attempt, measured, traced and reported to the breaker. */
    private LlmResult timedAttempt(byte[] body, Duration limit) {
        LlmRequestTelemetry.Attempt traced = telemetry.start();
        long start = time.nanoTime();
        LlmResult result = attempt(body, limit, traced);
        long nanos = time.nanoTime() - start;
        traced.end(result, nanos);
        String outcome = result instanceof LlmResult.Failure f ? f.outcome() : "success";
        if (countsAgainstBreaker(result)) {
            breaker.onError(nanos, TimeUnit.NANOSECONDS, new AttemptFailed(outcome));
        } else {
            breaker.onSuccess(nanos, TimeUnit.NANOSECONDS);
        }
        return result;
    }

    /** Only signs of an unavailable LLM open the breaker; a bad answer from a live server does not. */
    private static boolean countsAgainstBreaker(LlmResult result) {
        return result instanceof LlmResult.Timeout || result instanceof LlmResult.Connection
                || result instanceof LlmResult.HttpStatus s && s.retryable();
    }

    private LlmResult attempt(byte[] body, Duration limit, LlmRequestTelemetry.Attempt traced) {
        long attemptEnds = System.nanoTime() + limit.toNanos();
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.completionsUrl())
                .timeout(limit)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (!settings.serviceKey().isEmpty()) {
            request.header("Authorization", "Bearer " + settings.serviceKey());
        }
        traced.propagateTo(request);
        HttpResponse.BodyHandler<Object> handler = BoundedBodies.handler(settings.maxResponseBytes(),
                ERROR_BODY_BYTES);
        // The blocking send on a thread of our own, not sendAsync: the future sendAsync returns is completed on the
        // common fork-join pool, which has a single worker on a two-core machine, so one busy or blocked
        // common-pool task would hold back every LLM answer until its timeout. Cancelling interrupts the send, and
        // an interrupted send cancels the exchange.
        Future<HttpResponse<Object>> exchange = httpThreads.submit(() -> http.send(request.build(), handler));
        try {
            HttpResponse<Object> response = exchange.get(limit.toNanos(), TimeUnit.NANOSECONDS);
            if (response.body() instanceof ErrorBodySubscriber errorBody) {
                Duration left = Duration.ofNanos(attemptEnds - System.nanoTime());
                String text = errorBody.text(left.compareTo(ERROR_BODY_WAIT) < 0 ? left : ERROR_BODY_WAIT);
                return new LlmResult.HttpStatus(response.statusCode(),
                        RequestRetryDelay.parseRetryAfter(response.headers().firstValue("Retry-After"), Instant.now()),
                        ProviderError.fromBody(text));
            }
            byte[] answer = (byte[]) response.body();
            traced.answered(answer);
            return ChatEnvelope.answer(answer);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new LlmResult.Timeout(limit);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new LlmResult.Connection("interrupted");
        } catch (ExecutionException e) {
            return failureOf(e.getCause(), limit);
        }
    }

    private LlmResult.Failure failureOf(Throwable error, Duration limit) {
        if (BoundedBodies.tooLarge(error)) {
            return new LlmResult.Unreadable("response body larger than " + settings.maxResponseBytes() + " bytes");
        }
        if (error instanceof HttpConnectTimeoutException) {
            return new LlmResult.Connection("connect timed out");
        }
        if (error instanceof HttpTimeoutException) {
            return new LlmResult.Timeout(limit);
        }
        if (error instanceof IOException) {
            String message = error.getMessage();
            return new LlmResult.Connection(error.getClass().getSimpleName() + (message == null ? "" : ": " + message));
        }
        return new LlmResult.Connection(String.valueOf(error));
    }

    /**
     * Ends the requests still in flight at once (they fail as connection errors): by the time the service closes its
     * client, the shutdown's grace period is over, and a hung LLM call must not hold the process until its timeout.
     */
    @Override
    public void close() {
        http.shutdownNow();
        httpThreads.close();
    }

    /** What the breaker records for a failed attempt; no stack trace, it is never thrown. */
    private static final class AttemptFailed extends Exception {
        AttemptFailed(String outcome) {
            super(outcome, null, false, false);
        }
    }
}
