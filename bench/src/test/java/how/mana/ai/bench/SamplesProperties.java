package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SamplesProperties {

    @Property
    void aPercentileIsTheNearestRankSample(@ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 1_000_000) Long> nanos,
                                           @ForAll @DoubleRange(min = 0.5, max = 100) double p) {
        Samples samples = new Samples(nanos.stream().map(Duration::ofNanos).toList());
        long v = samples.percentile(p).toNanos();
        int rank = (int) Math.ceil(p / 100.0 * nanos.size());

        assertThat(nanos).contains(v);
        assertThat(nanos.stream().filter(x -> x <= v).count()).isGreaterThanOrEqualTo(rank);
        assertThat(nanos.stream().filter(x -> x < v).count()).isLessThan(rank);
    }

    @Property
    void percentilesGrowWithP(@ForAll @Size(min = 1, max = 60) List<@LongRange(min = 0, max = 1_000_000) Long> nanos,
                              @ForAll @DoubleRange(min = 0.5, max = 100) double p,
                              @ForAll @DoubleRange(min = 0.5, max = 100) double q) {
        Samples samples = new Samples(nanos.stream().map(Duration::ofNanos).toList());
        Duration low = samples.percentile(Math.min(p, q));
        Duration high = samples.percentile(Math.max(p, q));

        assertThat(low).isLessThanOrEqualTo(high);
        assertThat(samples.max().toNanos()).isEqualTo(nanos.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    void medianAndP95OfTwentyOrderedSamples() {
        Samples samples = new Samples(java.util.stream.LongStream.rangeClosed(1, 20)
                .mapToObj(Duration::ofMillis).toList().reversed());

        assertThat(samples.median()).isEqualTo(Duration.ofMillis(10));
        assertThat(samples.p95()).isEqualTo(Duration.ofMillis(19));
        assertThat(samples.max()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void refusesNoSamplesAndPercentilesOutOfRange() {
        assertThatThrownBy(() -> new Samples(List.of())).isInstanceOf(IllegalArgumentException.class);
        Samples one = new Samples(List.of(Duration.ofMillis(3)));
        assertThatThrownBy(() -> one.percentile(0)).hasMessageContaining("(0, 100]");
        assertThatThrownBy(() -> one.percentile(100.5)).hasMessageContaining("(0, 100]");
        assertThat(one.percentile(0.001)).isEqualTo(Duration.ofMillis(3));
    }
}
