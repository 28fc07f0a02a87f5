package how.mana.ai.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class RequestRetryDelayTest {
    private static final Instant NOW = Instant.parse("2026-04-15T06:00:00Z");

    @Property
    void waitIsBetweenHalfAndAllOfTheCappedExponentialDelay(@ForAll @IntRange(min = 1, max = 80) int attempt,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        Duration wait = new RequestRetryDelay(Duration.ofMillis(100), Duration.ofSeconds(8), () -> random)
                .before(attempt, Optional.empty());

        long ceiling = Math.min(100L << Math.min(attempt - 1, 30), 8_000);
        assertThat(wait.toMillis()).isBetween(ceiling / 2, ceiling);
    }

    @Test
    void delayDoublesPerAttemptUntilTheCap() {
        RequestRetryDelay noJitter = new RequestRetryDelay(Duration.ofMillis(100), Duration.ofMillis(500), () -> 0.999_999);

        assertThat(noJitter.before(1, Optional.empty())).isEqualTo(Duration.ofMillis(99));
        assertThat(noJitter.before(2, Optional.empty())).isEqualTo(Duration.ofMillis(199));
        assertThat(noJitter.before(3, Optional.empty())).isEqualTo(Duration.ofMillis(399));
        assertThat(noJitter.before(4, Optional.empty())).isEqualTo(Duration.ofMillis(499));
    }

    @Test
    void retryAfterWinsWhenLonger() {
        RequestRetryDelay backoff = new RequestRetryDelay(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.0);

        assertThat(backoff.before(1, Optional.of(Duration.ofSeconds(5)))).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.before(1, Optional.of(Duration.ZERO))).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void retryAfterIsReadAsSecondsOrHttpDate() {
        assertThat(RequestRetryDelay.parseRetryAfter(Optional.of(" 120 "), NOW)).contains(Duration.ofSeconds(120));
        assertThat(RequestRetryDelay.parseRetryAfter(Optional.of("Wed, 15 Apr 2026 06:00:30 GMT"), NOW))
                .contains(Duration.ofSeconds(30));
        assertThat(RequestRetryDelay.parseRetryAfter(Optional.of("Wed, 15 Apr 2026 05:00:00 GMT"), NOW)).contains(Duration.ZERO);
        assertThat(RequestRetryDelay.parseRetryAfter(Optional.of("soon"), NOW)).isEmpty();
        assertThat(RequestRetryDelay.parseRetryAfter(Optional.of("-5"), NOW)).isEmpty();
        assertThat(RequestRetryDelay.parseRetryAfter(Optional.empty(), NOW)).isEmpty();
    }
}
