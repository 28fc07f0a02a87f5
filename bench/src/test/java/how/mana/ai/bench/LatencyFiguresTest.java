package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatencyFiguresTest {
    private static final Instant T0 = Instant.parse("2026-12-02T08:00:00Z");

    @Test
    void percentilesOfEachMissionsWaitFromItsOwnDueInstant() {
        List<MissionOutcome> outcomes = new ArrayList<>();
        for (int k = 1; k <= 100; k++) {
            Instant due = T0.plusSeconds(k);
            outcomes.add(new MissionOutcome(due, false, Optional.of(due.plusMillis(10L * k)), 1));
        }

        LatencyFigures f = LatencyFigures.sinceDue(outcomes);

        assertThat(f).isEqualTo(new LatencyFigures(100, 100, 0, 0, 10.0, 500.0, 950.0, 990.0, 1000.0));
    }

    @Test
    void unwrittenMissionsAreCountedNotTimedAndDoubleWritesAreCounted() {
        List<MissionOutcome> outcomes = List.of(
                new MissionOutcome(T0, false, Optional.of(T0.plusMillis(700)), 1),
                new MissionOutcome(T0, false, Optional.of(T0.plusMillis(1200)), 2),
                new MissionOutcome(T0, true, Optional.empty(), 0));

        LatencyFigures f = LatencyFigures.since(T0.minusMillis(300), outcomes);

        assertThat(f.written()).isEqualTo(2);
        assertThat(f.notWritten()).isEqualTo(1);
        assertThat(f.writtenMoreThanOnce()).isEqualTo(1);
        assertThat(f.minMs()).isEqualTo(1000.0);
        assertThat(f.maxMs()).isEqualTo(1500.0);
    }

    @Test
    void noneWrittenHasNoPercentiles() {
        LatencyFigures f = LatencyFigures.sinceDue(List.of(new MissionOutcome(T0, false, Optional.empty(), 0)));

        assertThat(f).isEqualTo(new LatencyFigures(1, 0, 1, 0, null, null, null, null, null));
        assertThat(LatencyFigures.sinceDue(List.of()).missions()).isZero();
    }
}
