package how.mana.ai.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * How long a group of missions waited to be written, from an origin per mission (its due instant, or a crash or
 * kill they all share): nearest-rank percentiles in milliseconds over the written ones ({@code null} when none
 * was), and how many were not written, or written more than once.
 */
record LatencyFigures(int missions, int written, int notWritten, int writtenMoreThanOnce, Double minMs,
                      Double p50Ms, Double p95Ms, Double p99Ms, Double maxMs) {

    static LatencyFigures of(List<MissionOutcome> outcomes, Function<MissionOutcome, Instant> origin) {
        List<Duration> waits = outcomes.stream().map(o -> o.writtenAfter(origin.apply(o)))
                .flatMap(Optional::stream).toList();
        int twice = (int) outcomes.stream().filter(o -> o.writes() > 1).count();
        if (waits.isEmpty()) {
            return new LatencyFigures(outcomes.size(), 0, outcomes.size(), twice, null, null, null, null, null);
        }
        Samples samples = new Samples(waits);
        return new LatencyFigures(outcomes.size(), waits.size(), outcomes.size() - waits.size(), twice,
                Samples.millis(samples.min()), Samples.millis(samples.median()), Samples.millis(samples.p95()),
                Samples.millis(samples.percentile(99)), Samples.millis(samples.max()));
    }

    /** Each mission's wait from its own due instant. */
    static LatencyFigures sinceDue(List<MissionOutcome> outcomes) {
        return of(outcomes, MissionOutcome::dueAt);
    }

    /** Every mission's wait from the one instant {@code origin}. */
    static LatencyFigures since(Instant origin, List<MissionOutcome> outcomes) {
        return of(outcomes, o -> origin);
    }
}
