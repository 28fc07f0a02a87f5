package how.mana.ai.planner.llm;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/** Waits between attempts: jittered exponential backoff, never shorter than a server's {@code Retry-After}. */
final class RequestRetryDelay {
    private final Duration base;
    private final Duration max;
    private final DoubleSupplier random;

    /** @param random uniform in [0, 1); injected so the jitter can be pinned in tests */
    RequestRetryDelay(Duration base, Duration max, DoubleSupplier random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /**
     * The wait before attempt {@code failedAttempt + 1}: "equal jitter" in [d/2, d] with d = base·2^(n-1) capped at
     * max, so concurrent missions hitting a dead LLM do not retry in lockstep.
     */
    Duration before(int failedAttempt, Optional<Duration> retryAfter) {
        long ceiling = base.toMillis() << Math.min(failedAttempt - 1, 30);
        long capped = Math.min(ceiling < 0 ? Long.MAX_VALUE : ceiling, max.toMillis());
        Duration jittered = Duration.ofMillis(capped / 2 + (long) (random.getAsDouble() * (capped - capped / 2)));
        return retryAfter.filter(r -> r.compareTo(jittered) > 0).orElse(jittered);
    }

    /** A {@code Retry-After} header: delay seconds or an HTTP date; anything else is ignored. */
    static Optional<Duration> parseRetryAfter(Optional<String> header, Instant now) {
        return header.map(String::strip).flatMap(value -> {
            if (value.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            }
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
