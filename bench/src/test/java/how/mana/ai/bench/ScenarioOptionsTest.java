package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.sync.SyncGeneration;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ScenarioOptionsTest {

    @Test
    void latencyDefaultsAreTheIssuesScenario() {
        LatencyCommand.Options o = this.<LatencyCommand>parse("latency").options();

        assertThat(o.scenario()).isEqualTo(new ScenarioOptions(100_000, 5, 42, 2, "256m", SyncGeneration.TWO, 64,
                Duration.ofMillis(500), List.of(Design.TODAY, Design.CONTINUOUS)));
        assertThat(o.rate()).isEqualTo(10.0);
        assertThat(o.arrivals()).isEqualTo(Duration.ofSeconds(90));
        assertThat(o.missions()).isEqualTo(900);
        assertThat(o.slowFraction()).isEqualTo(0.05);
        assertThat(o.slowLatency()).isEqualTo(Duration.ofSeconds(30));
        assertThat(o.drain()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void latencyReadsEveryOption() {
        LatencyCommand.Options o = this.<LatencyCommand>parse("latency", "--size", "10_000", "--designs", "continuous",
                "--rate", "2.5", "--arrivals-seconds", "4", "--slow-fraction", "0.5", "--slow-latency-ms", "900",
                "--drain-seconds", "7", "--concurrency", "3", "--llm-latency-ms", "20", "--generation", "1",
                "--service-heap", "1g", "--seed", "9", "--loaders", "1", "--other-multiplier", "0").options();

        assertThat(o.scenario()).isEqualTo(new ScenarioOptions(10_000, 0, 9, 1, "1g", SyncGeneration.ONE, 3,
                Duration.ofMillis(20), List.of(Design.CONTINUOUS)));
        assertThat(o).isEqualTo(new LatencyCommand.Options(o.scenario(), 2.5, Duration.ofSeconds(4), 0.5,
                Duration.ofMillis(900), Duration.ofSeconds(7)));
        assertThat(o.missions()).isEqualTo(10);
    }

    @Test
    void theOtherScenariosDefaults() {
        CostAtRestCommand.Options cost = this.<CostAtRestCommand>parse("cost-at-rest").options();
        FailoverCommand.Options failover = this.<FailoverCommand>parse("failover").options();
        TakeoverCommand.Options takeover = this.<TakeoverCommand>parse("takeover").options();

        assertThat(cost.scenario().missionRows()).isEqualTo(1_000_000);
        assertThat(cost.newRowsPerSecond()).isEqualTo(1000);
        assertThat(cost.missionRowsPerWrite()).isEqualTo(100);
        assertThat(cost.window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cost.warmup()).isEqualTo(Duration.ofSeconds(60));
        assertThat(failover.scenario().missionRows()).isEqualTo(1_000_000);
        assertThat(failover.due()).isEqualTo(100);
        assertThat(failover.scenario().designs()).containsExactly(Design.TODAY, Design.CONTINUOUS);
        assertThat(takeover.scenario().designs()).containsExactly(Design.CONTINUOUS);
        assertThat(takeover.missions()).isEqualTo(20);
        assertThat(takeover.pause()).isTrue();
        assertThat(takeover.slotLease()).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> this.<LatencyCommand>parse("latency", "--rate", "0").options())
                .hasMessage("--rate must be a positive number, got 0.0");
        assertThatThrownBy(() -> this.<LatencyCommand>parse("latency", "--slow-fraction", "2").options())
                .hasMessageContaining("--slow-fraction");
        assertThatThrownBy(() -> this.<LatencyCommand>parse("latency", "--designs", "tomorrow"))
                .hasMessageContaining("--designs").hasMessageContaining("tomorrow");
        assertThatThrownBy(() -> this.<LatencyCommand>parse("latency", "--size", "0"))
                .hasMessageContaining("--size");
        assertThatThrownBy(() -> this.<CostAtRestCommand>parse("cost-at-rest", "--new-rows-per-second", "5")
                .options()).hasMessage("--new-rows-per-second must be an integer of at least 10, got 5");
        assertThatThrownBy(() -> this.<CostAtRestCommand>parse("cost-at-rest", "--window-seconds", "1").options())
                .hasMessageContaining("--window-seconds");
        assertThatThrownBy(() -> this.<FailoverCommand>parse("failover", "--due", "0").options())
                .hasMessageContaining("--due");
        assertThatThrownBy(() -> this.<TakeoverCommand>parse("takeover", "--missions", "65").options())
                .hasMessage("--missions must be at most --concurrency (64), got 65");
        assertThatThrownBy(() -> this.<TakeoverCommand>parse("takeover", "--service-heap", "big").options())
                .hasMessageContaining("--service-heap");
    }

    @Test
    void aBadValueExits2WithTheReasonAndTheScenariosUsage() {
        StringWriter err = new StringWriter();

        int status = BenchCommand.commandLine().setErr(new PrintWriter(err)).execute("failover", "--due", "-3");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--due must be an integer of at least 1, got -3")
                .contains("Usage: bench failover");
    }

    @SuppressWarnings("unchecked")
    private <T> T parse(String... args) {
        CommandLine commandLine = BenchCommand.commandLine();
        CommandLine.ParseResult result = commandLine.parseArgs(args);
        return (T) result.subcommand().commandSpec().userObject();
    }
}
