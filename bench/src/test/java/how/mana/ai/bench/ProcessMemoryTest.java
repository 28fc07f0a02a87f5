package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsResidentAndPeakFromProcStatus() {
        List<String> status = List.of("Name:\tjava", "VmPeak:\t 4000000 kB", "VmHWM:\t  345678 kB",
                "VmRSS:\t  234567 kB", "Threads:\t42");

        assertThat(ProcessMemory.parse(status)).isEqualTo(new ProcessMemory(234_567, 345_678));
    }

    @Test
    void missingLinesReadAsZero() {
        assertThat(ProcessMemory.parse(List.of("Name:\tjava"))).isEqualTo(new ProcessMemory(0, 0));
    }

    @Test
    void thisProcessHasResidentMemoryOnLinux() {
        ProcessMemory now = ProcessMemory.current();

        assertThat(now.rssKb()).isPositive();
        assertThat(now.hwmKb()).isGreaterThanOrEqualTo(now.rssKb());
    }
}
