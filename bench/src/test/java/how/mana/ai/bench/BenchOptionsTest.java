package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class BenchOptionsTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-25T00:00:00Z");

    @Test
    void defaultsAreTheIssuesWorkload() {
        BenchOptions o = parse();

        assertThat(o.workload()).isEqualTo(new WorkloadSpec(42, 10_000, 10, 10, 0.01, 5, ANCHOR));
        assertThat(o.workload().missionRows()).isEqualTo(1_000_000);
        assertThat(o.workload().otherRows()).isEqualTo(5_000_000);
        assertThat(o.sizes()).containsExactly(1_000_000L);
        assertThat(o.llmLatency()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.concurrency()).isEqualTo(64);
        assertThat(o.due()).isEqualTo(1000);
        assertThat(o.repeat()).isEqualTo(20);
        assertThat(o.newRows()).isEqualTo(1000);
        assertThat(o.loaders()).isEqualTo(2);
        assertThat(o.serviceHeap()).isEqualTo("256m");
        assertThat(o.missionRowIndex()).isTrue();
    }

    @Test
    void readsEveryOption() {
        BenchOptions o = parse(("--users 7 --missions-per-user 3 --rows-per-mission 4 --other-multiplier 0"
                + " --due-fraction 0.5 --llm-latency-ms 20 --concurrency 8 --due 30 --repeat 5 --new-rows 50"
                + " --sizes 100000,10_000 --seed 9 --loaders 1 --service-heap 1g --mission-row-index false").split(" "));

        assertThat(o.workload()).isEqualTo(new WorkloadSpec(9, 7, 3, 4, 0.5, 0, ANCHOR));
        assertThat(o.sizes()).containsExactly(10_000L, 100_000L);
        assertThat(o).extracting(BenchOptions::concurrency, BenchOptions::due, BenchOptions::repeat,
                BenchOptions::newRows, BenchOptions::loaders, BenchOptions::serviceHeap, BenchOptions::missionRowIndex)
                .containsExactly(8, 30, 5, 50, 1, "1g", false);
        assertThat(o.llmLatency()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aRepeatedOptionTakesItsLastValue() {
        assertThat(parse("--users", "3", "--users", "4").workload().users()).isEqualTo(4);
    }

    @Test
    void aSizeSetsTheUsers() {
        WorkloadSpec base = parse().workload();

        assertThat(List.of(10_000L, 100_000L, 1_000_000L).stream().map(s -> base.withMissionRows(s).users()))
                .containsExactly(100, 1_000, 10_000);
        assertThat(base.withMissionRows(5).users()).isEqualTo(1);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> parse("--userz", "3")).hasMessageContaining("Unknown options: '--userz'");
        assertThatThrownBy(() -> parse("--users")).hasMessageContaining("Missing required parameter for option '--users'");
        assertThatThrownBy(() -> parse("--users", "0")).hasMessage("--users must be an integer of at least 1, got 0");
        assertThatThrownBy(() -> parse("--other-multiplier", "-1")).hasMessageContaining("--other-multiplier");
        assertThatThrownBy(() -> parse("--repeat", "x")).hasMessageContaining("--repeat").hasMessageContaining("'x'");
        assertThatThrownBy(() -> parse("--due-fraction", "1.5")).hasMessageContaining("--due-fraction");
        assertThatThrownBy(() -> parse("--due-fraction", "NaN")).hasMessageContaining("--due-fraction");
        assertThatThrownBy(() -> parse("--sizes", "10,-1")).hasMessageContaining("--sizes");
        assertThatThrownBy(() -> parse("--sizes", "10,0")).hasMessageContaining("--sizes");
        assertThatThrownBy(() -> parse("--service-heap", "lots")).hasMessageContaining("--service-heap");
        assertThatThrownBy(() -> parse("--mission-row-index", "yes")).hasMessageContaining("--mission-row-index");
        assertThatThrownBy(() -> parse("extra")).hasMessageContaining("'extra'");
    }

    @Test
    void badOptionsExit2WithTheReasonAndTheUsageOnStderr() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();

        int status = BenchCommand.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--users", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--users must be an integer of at least 1, got 0")
                .contains("Usage: bench").contains("--sizes");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void helpPrintsTheUsageWithEveryOptionAndItsDefault() {
        StringWriter out = new StringWriter();

        int status = BenchCommand.commandLine().setOut(new PrintWriter(out)).execute("--help");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Usage: bench").contains("--users=N", "Default: 10000",
                "--mission-row-index=true|false", "--service-heap=SIZE", "Default: 256m");
    }

    private static BenchOptions parse(String... args) {
        CommandLine commandLine = BenchCommand.commandLine();
        commandLine.parseArgs(args);
        return commandLine.<BenchCommand>getCommand().options(ANCHOR);
    }
}
