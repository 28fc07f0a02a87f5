package how.mana.ai.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.config.Config;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff defaults = Backoff.from(Config.from(Map.of()));

    @Test
    void defaultSequenceDoublesFromOneMinuteUpToOneHour() {
        List<Duration> delays = IntStream.rangeClosed(1, 8).mapToObj(defaults::delayAfter).toList();

        assertThat(delays).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofHours(1),
                Duration.ofHours(1));
    }

    @Test
    void readsBaseAndMaxFromTheirVariables() {
        Backoff b = Backoff.from(Config.from(Map.of("MANA_AI_RETRY_BASE_MS", "1500", "MANA_AI_RETRY_MAX_MS", "5000")));

        assertThat(b.delayAfter(1)).isEqualTo(Duration.ofMillis(1500));
        assertThat(b.delayAfter(2)).isEqualTo(Duration.ofMillis(3000));
        assertThat(b.delayAfter(3)).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void hugeAttemptCountsStayAtTheCapInsteadOfOverflowing() {
        assertThat(defaults.delayAfter(63)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.delayAfter(64)).isEqualTo(Duration.ofHours(1));
        assertThat(defaults.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofHours(1));
        Backoff wide = new Backoff(Duration.ofMillis(1), Duration.ofMillis(Long.MAX_VALUE));
        assertThat(wide.delayAfter(63)).isEqualTo(Duration.ofMillis(1L << 62));
        assertThat(wide.delayAfter(64)).isEqualTo(Duration.ofMillis(Long.MAX_VALUE));
    }

    @Test
    void aZeroBaseNeverWaits() {
        Backoff none = new Backoff(Duration.ZERO, Duration.ofHours(1));

        assertThat(none.delayAfter(1)).isZero();
        assertThat(none.delayAfter(Integer.MAX_VALUE)).isZero();
    }

    @Test
    void aMaxBelowTheBaseCapsEvenTheFirstDelay() {
        assertThat(new Backoff(Duration.ofMinutes(5), Duration.ofMinutes(2)).delayAfter(1))
                .isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void refusesAttemptCountsBelowOne() {
        assertThatThrownBy(() -> defaults.delayAfter(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> defaults.delayAfter(-3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesNegativeDurations() {
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofMinutes(1), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
