package how.mana.ai.bench;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Repeated timings of one phase, summarised by nearest-rank percentiles. */
public record Samples(List<Duration> values) {

    public Samples {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        values = List.copyOf(values);
    }

    /**
     * The nearest-rank percentile: the smallest sample with at least {@code p} percent of the samples at or below it.
     *
     * @param p in (0, 100]
     */
    public Duration percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        long[] sorted = values.stream().mapToLong(Duration::toNanos).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return Duration.ofNanos(sorted[Math.max(rank, 1) - 1]);
    }

    public Duration median() {
        return percentile(50);
    }

    public Duration p95() {
        return percentile(95);
    }

    public Duration max() {
        return percentile(100);
    }

    public Duration min() {
        return Duration.ofNanos(values.stream().mapToLong(Duration::toNanos).min().orElseThrow());
    }

    @Override
    public String toString() {
        return "median " + millis(median()) + " ms, p95 " + millis(p95()) + " ms (n=" + values.size() + ", all "
                + Arrays.toString(values.stream().mapToDouble(Samples::millis).toArray()) + ")";
    }

    static double millis(Duration d) {
        return Math.round(d.toNanos() / 10_000.0) / 100.0;
    }
}
