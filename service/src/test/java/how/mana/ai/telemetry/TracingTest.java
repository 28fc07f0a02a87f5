package how.mana.ai.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.config.Config;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.LogCapture;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's side of tracing that no tick shows: where its own complaints go. */
class TracingTest {

    @Test
    void aCollectorThatIsDownCostsTheSpansAndOneLogLineInTheServicesFormat() throws Exception {
        Config config = Config.from(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://127.0.0.1:" + FreePort.find(), "OTEL_EXPORTER_OTLP_TIMEOUT", "2000"));
        try (LogCapture logs = new LogCapture()) {
            try (Tracing tracing = Tracing.start(config.tracing(), "test")) {
                tracing.tracer().spanBuilder("tick").startSpan().end();
            }
            assertThat(logs.lines()).as("the SDK's failed export, through logback")
                    .anyMatch(line -> line.matches("(WARN|ERROR) io\\.opentelemetry\\..* Failed to export .*"));
        }
    }
}
