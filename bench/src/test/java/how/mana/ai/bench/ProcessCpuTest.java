package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProcessCpuTest {

    @Test
    void addsUserAndSystemTicks() {
        String stat = "4242 (java) S 1 4242 4242 0 -1 4194560 123 0 7 0 1500 230 0 0 20 0 42 0 100 0 0";

        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(1_730);
    }

    @Test
    void countsFieldsFromTheLastParenthesisOfTheCommandName() {
        String stat = "77 (postgres: 15/main: walwriter (x) ) S 1 77 77 0 -1 4194368 10 0 0 0 31 9 0 0 20 0 1 0 9";

        assertThat(ProcessCpu.parseTicks(stat)).isEqualTo(40);
    }

    @Test
    void refusesWhatIsNotAStatLine() {
        assertThatThrownBy(() -> ProcessCpu.parseTicks("no name here")).hasMessageContaining("parentheses");
        assertThatThrownBy(() -> ProcessCpu.parseTicks("1 (java) S 1 2")).hasMessageContaining("fields");
        assertThatThrownBy(() -> ProcessCpu.parseTicks("1 (java) S 1 1 1 0 -1 0 0 0 0 0 x 3 0"))
                .hasMessageContaining("not a number");
    }

    @Test
    void thisProcessHasUsedCpuAndAnEndedOneHasNoReading() {
        assertThat(ProcessCpu.ticks(ProcessHandle.current().pid()).orElseThrow()).isPositive();
        assertThat(ProcessCpu.ticks(Long.MAX_VALUE)).isEmpty();
    }

    @Test
    void theTicksPerSecondAreWhatGetconfSays() throws Exception {
        Process getconf = new ProcessBuilder("getconf", "CLK" + "_TCK").redirectErrorStream(true).start();
        String answer = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();

        assertThat(getconf.waitFor()).isZero();
        assertThat(Long.parseLong(answer)).isEqualTo(ProcessCpu.TICKS_PER_SECOND);
    }
}
