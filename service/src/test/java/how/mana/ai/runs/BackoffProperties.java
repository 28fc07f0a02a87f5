package how.mana.ai.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class BackoffProperties {

    @Property
    void neverDecreasesFromOneFailureToTheNext(@ForAll @LongRange(max = 604_800_000) long baseMs,
            @ForAll @LongRange(max = 604_800_000) long maxMs, @ForAll @IntRange(min = 1) int attempts) {
        Backoff b = new Backoff(Duration.ofMillis(baseMs), Duration.ofMillis(maxMs));
        int next = attempts == Integer.MAX_VALUE ? attempts : attempts + 1;

        assertThat(b.delayAfter(next)).isGreaterThanOrEqualTo(b.delayAfter(attempts));
    }

    @Property
    void staysBetweenTheSmallerOfBaseAndMaxAndTheMax(@ForAll @LongRange long baseMs, @ForAll @LongRange long maxMs,
            @ForAll @IntRange(min = 1) int attempts) {
        Duration base = Duration.ofMillis(baseMs);
        Duration max = Duration.ofMillis(maxMs);

        Duration delay = new Backoff(base, max).delayAfter(attempts);

        assertThat(delay).isLessThanOrEqualTo(max).isGreaterThanOrEqualTo(base.compareTo(max) < 0 ? base : max);
    }

    @Property
    void isTheBaseDoubledOncePerFurtherFailureUntilCapped(@ForAll @LongRange(min = 1, max = 86_400_000) long baseMs,
            @ForAll @IntRange(min = 1, max = 40) int attempts) {
        Duration max = Duration.ofDays(7);
        Duration doubled = Duration.ofMillis(baseMs).multipliedBy(1L << (attempts - 1));

        Duration delay = new Backoff(Duration.ofMillis(baseMs), max).delayAfter(attempts);

        assertThat(delay).isEqualTo(doubled.compareTo(max) < 0 ? doubled : max);
    }
}
