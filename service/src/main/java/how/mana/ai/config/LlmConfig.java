package how.mana.ai.config;

import java.net.URI;
import java.time.Duration;

/**
 * The OpenAI-compatible endpoint the planner asks. The client's own tuning (retries, breaker) is not configurable;
 * {@code planner.llm.LlmSettings} adds it.
 *
 * @param timeout bounds one request, headers and body
 * @param deadline bounds all attempts at one mission's plan, retries included
 */
public record LlmConfig(
        URI url,
        String model,
        double temperature,
        Duration timeout,
        Duration deadline,
        int maxResponseBytes) {

    static LlmConfig from(EnvReader r) {
        URI url = r.httpUrl("MANA_LLM_URL", "http://localhost:3020");
        String model = r.string("MANA_LLM_MODEL", "mana/reasoning");
        double temperature = r.decimal("MANA_LLM_TEMPERATURE", 0.3, 0.0, 2.0);
        Duration timeout = r.millis("MANA_LLM_TIMEOUT_MS", 60_000, 100, 3_600_000);
        Duration deadline = r.millis("MANA_LLM_DEADLINE_MS", 180_000, 100, 3_600_000);
        if (deadline.compareTo(timeout) < 0) {
            throw new ConfigException("MANA_LLM_DEADLINE_MS (" + deadline.toMillis()
                    + ") must not be shorter than MANA_LLM_TIMEOUT_MS (" + timeout.toMillis() + ")");
        }
        int maxResponseBytes = r.integer("MANA_LLM_MAX_RESPONSE_BYTES", 1_048_576, 1024, 67_108_864);
        return new LlmConfig(url, model, temperature, timeout, deadline, maxResponseBytes);
    }
}
