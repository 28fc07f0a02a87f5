package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class LatencyFiguresProperties {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    /** Waits in ms; a negative one stands for a mission not written. */
    @Property
    void everyMissionIsWrittenOrNotAndThePercentilesAreOrdered(
            @ForAll @Size(max = 50) List<@IntRange(min = -1, max = 120_000) Integer> waits) {
        List<MissionOutcome> outcomes = waits.stream().map(ms -> new MissionOutcome(T0, ms % 2 == 0,
                ms < 0 ? Optional.empty() : Optional.of(T0.plusMillis(ms)), ms < 0 ? 0 : 1)).toList();

        LatencyFigures f = LatencyFigures.sinceDue(outcomes);

        assertThat(f.written() + f.notWritten()).isEqualTo(waits.size());
        assertThat(f.notWritten()).isEqualTo((int) waits.stream().filter(ms -> ms < 0).count());
        if (f.written() > 0) {
            assertThat(List.of(f.minMs(), f.p50Ms(), f.p95Ms(), f.p99Ms(), f.maxMs())).isSorted();
            assertThat(f.maxMs()).isEqualTo((double) waits.stream().mapToInt(Integer::intValue).max().orElseThrow());
        } else {
            assertThat(f.maxMs()).isNull();
        }
    }
}
