package how.mana.ai.config;

import java.time.Duration;

/**
 * How a mission whose planning failed is tried again: after {@code base}, doubling per attempt up to {@code max};
 * after {@code maxAttempts} failures it gets a failed iteration.
 */
public record RetryConfig(int maxAttempts, Duration base, Duration max) {

    static RetryConfig from(EnvReader r) {
        int maxAttempts = r.integer("MANA_AI_MAX_ATTEMPTS", 5, 1, 100);
        Duration base = r.millis("MANA_AI_RETRY_BASE_MS", 60_000, 0, 86_400_000);
        Duration max = r.millis("MANA_AI_RETRY_MAX_MS", 3_600_000, 0, 604_800_000);
        if (max.compareTo(base) < 0) {
            throw new ConfigException("MANA_AI_RETRY_MAX_MS (" + max.toMillis()
                    + ") must not be smaller than MANA_AI_RETRY_BASE_MS (" + base.toMillis() + ")");
        }
        return new RetryConfig(maxAttempts, base, max);
    }
}
