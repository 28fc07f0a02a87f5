package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The command line in-process: dispatch, usage and configuration errors, before any I/O. */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private OptionalInt run(Map<String, String> env, String... args) {
        return Main.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void anUnknownCommandPrintsUsageOnStderrAndExits2() {
        assertThat(run(Map.of(), "frobnicate")).hasValue(2);
        assertThat(stderr()).startsWith("unknown command \"frobnicate\"\n").contains(Main.USAGE);
        assertThat(stdout()).isEmpty();
    }

    @Test
    void helpPrintsUsageOnStdout() {
        assertThat(run(Map.of(), "--help")).hasValue(0);
        assertThat(stdout()).isEqualTo(Main.USAGE + System.lineSeparator());
    }

    @Test
    void aBadValueStopsEveryCommandWithOneLineAndExit2() {
        for (String command : new String[] {"serve", "tick", "migrate"}) {
            out.reset();
            err.reset();
            assertThat(run(Map.of("PORT", "abc"), command)).as(command).hasValue(2);
            assertThat(stderr()).isEqualTo("PORT must be an integer 1-65535, got \"abc\"" + System.lineSeparator());
            assertThat(stdout()).isEmpty();
        }
    }

    @Test
    void aGrantKeyThatCannotBeUsedStopsStartUpWithOneLineAndExit2() {
        assertThat(run(Map.of("MANA_AI_PRIVATE_KEY_PEM", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n"), "serve"))
                .hasValue(2);
        assertThat(stderr()).startsWith("MANA_AI_PRIVATE_KEY_PEM is not a PKCS#8 RSA private key")
                .doesNotContain("AAAA").endsWith(System.lineSeparator()).hasLineCount(1);
    }

    @Test
    void anOtelValueTheSdkRefusesStopsTheCommandWithItsMessageAndExit2() {
        assertThat(run(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318", "OTEL_TRACES_SAMPLER",
                "sometimes"), "tick")).hasValue(2);
        assertThat(stderr()).startsWith("OpenTelemetry configuration (OTEL_*): ").contains("sometimes");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void serveIsTheDefaultCommand() {
        assertThat(run(Map.of("TICK_ENABLED", "perhaps"))).hasValue(2);
        assertThat(stderr()).startsWith("TICK_ENABLED must be true or false");
    }

    @Test
    void demoIsDispatchedWithItsOwnArguments() {
        assertThat(run(Map.of(), "demo", "--frobnicate")).hasValue(2);
        assertThat(stderr()).isEqualTo("usage: mana-ai demo [--serve]" + System.lineSeparator());
        assertThat(Main.USAGE).contains("demo [--serve]");
    }
}
