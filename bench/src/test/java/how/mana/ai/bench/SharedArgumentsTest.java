package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The options declared once ({@link SharedArguments}, {@link ScenarioArguments}) but read by several commands: each
 * command checks them alike and names itself in the usage that follows an error, and each scenario keeps its own
 * defaults of {@code --size} and {@code --designs}.
 */
class SharedArgumentsTest {
    private static final List<String> COMMANDS = List.of("", "latency", "cost-at-rest", "failover", "takeover");

    /** A bad value of each shared option and the message it gets, whichever command reads it. */
    private static final Map<List<String>, String> BAD = Map.of(
            List.of("--other-multiplier", "-1"), "--other-multiplier must be an integer of at least 0, got -1",
            List.of("--loaders", "0"), "--loaders must be an integer of at least 1, got 0",
            List.of("--service-heap", "lots"), "--service-heap must be a JVM size like 256m, got lots",
            List.of("--generation", "3"), "--generation must be 1 or 2, got 3",
            List.of("--concurrency", "0"), "--concurrency must be an integer of at least 1, got 0",
            List.of("--llm-latency-ms", "-5"), "--llm-latency-ms must be an integer of at least 0, got -5");

    @Test
    void everyCommandChecksTheSharedOptionsAlikeAndShowsItsOwnUsage() {
        SoftAssertions softly = new SoftAssertions();
        for (String command : COMMANDS) {
            BAD.forEach((option, message) -> {
                StringWriter err = new StringWriter();

                int status = BenchCommand.commandLine().setOut(new PrintWriter(new StringWriter()))
                        .setErr(new PrintWriter(err)).execute(args(command, option.toArray(String[]::new)));

                softly.assertThat(status).as("%s %s", command, option).isEqualTo(2);
                softly.assertThat(err.toString()).as("%s %s", command, option).startsWith(message)
                        .contains("Usage: " + ("bench " + command).trim() + " ");
            });
        }
        softly.assertAll();
    }

    @Test
    void eachScenarioKeepsItsOwnSizeAndDesigns() {
        assertThat(this.<LatencyCommand>parse("latency").options().scenario())
                .extracting(ScenarioOptions::missionRows, ScenarioOptions::designs)
                .containsExactly(100_000L, List.of(Design.TODAY, Design.CONTINUOUS));
        assertThat(this.<CostAtRestCommand>parse("cost-at-rest").options().scenario())
                .extracting(ScenarioOptions::missionRows, ScenarioOptions::designs)
                .containsExactly(1_000_000L, List.of(Design.TODAY, Design.CONTINUOUS));
        assertThat(this.<FailoverCommand>parse("failover").options().scenario())
                .extracting(ScenarioOptions::missionRows, ScenarioOptions::designs)
                .containsExactly(1_000_000L, List.of(Design.TODAY, Design.CONTINUOUS));
        assertThat(this.<TakeoverCommand>parse("takeover").options().scenario())
                .extracting(ScenarioOptions::missionRows, ScenarioOptions::designs)
                .containsExactly(100_000L, List.of(Design.CONTINUOUS));
    }

    @Test
    void givenSizeAndDesignsReplaceTheDefaults() {
        ScenarioOptions o = this.<TakeoverCommand>parse("takeover", "--size", "1_000", "--designs", "today",
                "--designs", "continuous").options().scenario();

        assertThat(o.missionRows()).isEqualTo(1_000);
        assertThat(o.designs()).containsExactly(Design.TODAY, Design.CONTINUOUS);
    }

    @Test
    void theHelpShowsEachScenariosDefaults() {
        assertThat(help("takeover")).contains("--size=ROWS", "Default: 100000", "Default: continuous")
                .doesNotContain("Default: today,continuous");
        assertThat(help("cost-at-rest")).contains("Default: 1000000", "Default: today,continuous");
    }

    /** {@code rest} given to {@code command}, or to {@code bench} itself when it is empty. */
    private static String[] args(String command, String... rest) {
        return command.isEmpty() ? rest : Stream.concat(Stream.of(command), Stream.of(rest)).toArray(String[]::new);
    }

    private static String help(String command) {
        StringWriter out = new StringWriter();
        BenchCommand.commandLine().setOut(new PrintWriter(out)).execute(command, "--help");
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private <T> T parse(String... args) {
        CommandLine.ParseResult result = BenchCommand.commandLine().parseArgs(args);
        return (T) result.subcommand().commandSpec().userObject();
    }
}
