package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class CpuLedgerProperties {

    /** Each process's readings: a start, then increments; the ledger must count exactly the increments. */
    @Property
    void countsWhatEachProcessUsedBetweenItsFirstAndLastReading(
            @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 1_000_000) Long> starts,
            @ForAll @Size(min = 1, max = 20) List<@IntRange(min = 0, max = 500) Integer> increments) {
        CpuLedger ledger = new CpuLedger();
        long expected = 0;
        for (int pid = 0; pid < starts.size(); pid++) {
            long ticks = starts.get(pid);
            ledger.observe(pid, ticks, false);
            for (int i = pid % increments.size(); i < increments.size(); i++) {
                ticks += increments.get(i);
                expected += increments.get(i);
                ledger.observe(pid, ticks, false);
            }
        }

        assertThat(ledger.ticks()).isEqualTo(expected);
        assertThat(ledger.processes()).isEqualTo(starts.size());
    }

    @Property
    void aProcessBornInTheWindowCountsAllItUsed(@ForAll @LongRange(min = 0, max = 1_000_000) long first,
                                                @ForAll @LongRange(min = 0, max = 1_000_000) long more) {
        CpuLedger ledger = new CpuLedger();
        ledger.observe(7, first, true);
        ledger.observe(7, first + more, false);

        assertThat(ledger.ticks()).isEqualTo(first + more);
    }

    @Test
    void aReadingThatGoesBackIsRefused() {
        CpuLedger ledger = new CpuLedger();
        ledger.observe(3, 100, false);

        assertThatThrownBy(() -> ledger.observe(3, 99, false)).hasMessageContaining("went back");
    }

    @Test
    void percentOfOneCore() {
        assertThat(CpuLedger.percentOfOneCore(300, 100, 60)).isEqualTo(5.0);
        assertThat(CpuLedger.percentOfOneCore(0, 100, 60)).isZero();
        assertThat(CpuLedger.percentOfOneCore(12_000, 100, 60)).isEqualTo(200.0);
    }
}
