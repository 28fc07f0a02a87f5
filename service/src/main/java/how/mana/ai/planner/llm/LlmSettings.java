package how.mana.ai.planner.llm;

import how.mana.ai.config.Config;
import how.mana.ai.config.LlmConfig;
import java.net.URI;
import java.time.Duration;

/**
 * How the client talks to the LLM.
 *
 * @param requestTimeout bounds one attempt, headers and body together
 * @param deadline bounds all attempts of one call together, backoff included
 * @param maxAttempts the most attempts per call, the first included
 */
public record LlmSettings(
        URI baseUrl,
        String serviceKey,
        String model,
        double temperature,
        Duration requestTimeout,
        Duration deadline,
        int maxResponseBytes,
        int maxAttempts,
        Duration backoffBase,
        Duration backoffMax,
        BreakerSettings breaker) {

    /**
     * The circuit breaker, shared by all missions: it opens when at least {@code failureRatePercent} of the last
     * {@code window} attempts (once {@code minimumCalls} were made) failed at the transport level or with 429/5xx,
     * stays open for {@code openFor}, then lets {@code halfOpenCalls} probes through.
     */
    public record BreakerSettings(int window, int minimumCalls, float failureRatePercent, Duration openFor,
            int halfOpenCalls) {
        public static final BreakerSettings DEFAULT = new BreakerSettings(20, 10, 50f, Duration.ofSeconds(30), 3);
    }

    /** The service's settings; retry and breaker tuning are fixed defaults, not environment variables. */
    public static LlmSettings from(Config config) {
        LlmConfig llm = config.llm();
        return new LlmSettings(llm.url(), config.http().serviceKey().value(), llm.model(), llm.temperature(),
                llm.timeout(), llm.deadline(), llm.maxResponseBytes(), 4,
                Duration.ofMillis(500), Duration.ofSeconds(8), BreakerSettings.DEFAULT);
    }

    /** {@code {baseUrl}/v1/chat/completions}, whether or not the base URL ends with a slash. */
    public URI completionsUrl() {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/v1/chat/completions");
    }

    /** Never prints the service key. */
    @Override
    public String toString() {
        return "LlmSettings[baseUrl=" + baseUrl + ", model=" + model + ", requestTimeout=" + requestTimeout
                + ", deadline=" + deadline + "]";
    }
}
