package how.mana.ai.runs;

import how.mana.ai.config.Config;
import java.time.Duration;

/**
 * How long a failed slot waits before its next attempt (SPEC §6 "Failures"): {@code base} after the first
 * failure, doubling with each further one, never more than {@code max}.
 */
public record Backoff(Duration base, Duration max) {

    public Backoff {
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative: base=" + base + ", max=" + max);
        }
    }

    /** The backoff configured by {@code MANA_AI_RETRY_BASE_MS} and {@code MANA_AI_RETRY_MAX_MS}. */
    public static Backoff from(Config config) {
        return new Backoff(config.retry().base(), config.retry().max());
    }

    /**
     * The delay before the next attempt, after {@code failedAttempts} failures in a row.
     *
     * @throws IllegalArgumentException when {@code failedAttempts < 1}: there is nothing to back off from
     */
    public Duration delayAfter(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("failedAttempts must be at least 1, got " + failedAttempts);
        }
        long baseMs = base.toMillis();
        int doublings = failedAttempts - 1;
        // Test against max before shifting: base << doublings overflows a long for large attempt counts.
        if (baseMs == 0) {
            return Duration.ZERO;
        }
        if (doublings >= Long.SIZE - 1 || baseMs > max.toMillis() >> doublings) {
            return max;
        }
        return Duration.ofMillis(baseMs << doublings);
    }
}
