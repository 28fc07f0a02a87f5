package how.mana.ai.telemetry;

import how.mana.ai.config.ConfigException;
import how.mana.ai.config.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.resources.Resource;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * The process's OpenTelemetry (SPEC-LATEST §18.2). With {@code OTEL_EXPORTER_OTLP_ENDPOINT} unset it is the API's
 * no-op: no SDK is built, no thread started, and every span the code starts is a no-op. With it set, the SDK is
 * configured by the standard {@code OTEL_*} variables through its autoconfiguration, with mana-ai's defaults
 * beneath them: OTLP over http/protobuf, spans only (metrics are Prometheus's, on {@code /metrics}), the resource
 * {@code service.name=mana-ai} and {@code service.version} the jar's version. Nothing here is global but the
 * route of the SDK's own log lines: whatever traces gets this object's {@link OpenTelemetry} injected.
 */
public final class Tracing implements AutoCloseable {
    /** The tracer's name, and the default {@code service.name}. */
    public static final String SERVICE_NAME = "mana-ai";
    private static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    private static final long SHUTDOWN_SECONDS = 10;
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    /** Held here: java.util.logging keeps loggers only weakly, and with them the handler set on them. */
    private static final java.util.logging.Logger SDK_LOGS = java.util.logging.Logger.getLogger("io.opentelemetry");

    private final OpenTelemetry openTelemetry;
    private final Optional<OpenTelemetrySdk> sdk;
    private final Tracer tracer;

    private Tracing(OpenTelemetry openTelemetry, Optional<OpenTelemetrySdk> sdk, String version) {
        this.openTelemetry = openTelemetry;
        this.sdk = sdk;
        this.tracer = openTelemetry.getTracer(SERVICE_NAME, version);
    }

    /**
     * Tracing as {@code config} says; {@code version} is the service's, for the resource and the tracer.
     *
     * @throws ConfigException when the SDK refuses an {@code OTEL_*} value
     */
    public static Tracing start(TracingConfig config, String version) {
        if (!config.enabled()) {
            return off();
        }
        logThroughSlf4j();
        OpenTelemetrySdk sdk;
        try {
            sdk = configured(config, version);
        } catch (ConfigurationException e) {
            throw new ConfigException("OpenTelemetry configuration (OTEL_*): " + e.getMessage());
        }
        log.atInfo().addKeyValue("endpoint", config.endpoint().orElseThrow().getHost())
                .addKeyValue("protocol", config.protocol()).log("tracing on");
        return new Tracing(sdk, Optional.of(sdk), version);
    }

    private static OpenTelemetrySdk configured(TracingConfig config, String version) {
        return AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> Map.of(
                        "otel.service.name", SERVICE_NAME,
                        "otel.traces.exporter", "otlp",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
                // The configuration's variables over the process's: the same in production, and what a test
                // configures wins. The protocol was checked and defaulted there.
                .addPropertiesCustomizer(properties -> sdkProperties(config))
                // The jar's version unless OTEL_RESOURCE_ATTRIBUTES names one.
                .addResourceCustomizer((resource, properties) ->
                        Resource.create(Attributes.of(SERVICE_VERSION, version)).merge(resource))
                // Services.close shuts the SDK down, after the last tick, so its spans are flushed.
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
    }

    /**
     * The SDK logs (a failed export, say) through java.util.logging; handed to SLF4J, its lines take the process's
     * format, so {@code LOG_FORMAT=json} stays one JSON object per line. Only the SDK's loggers are bridged.
     */
    private static synchronized void logThroughSlf4j() {
        if (Arrays.stream(SDK_LOGS.getHandlers()).noneMatch(SLF4JBridgeHandler.class::isInstance)) {
            SDK_LOGS.setUseParentHandlers(false);
            SDK_LOGS.addHandler(new SLF4JBridgeHandler());
        }
    }

    /** No tracing: every span is a no-op. */
    public static Tracing off() {
        return new Tracing(OpenTelemetry.noop(), Optional.empty(), "");
    }

    /** For code that also propagates the trace context (the LLM request's {@code traceparent}). */
    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    /** The tracer named {@code mana-ai}. */
    public Tracer tracer() {
        return tracer;
    }

    /** Exports the spans still buffered and stops the exporter; waits at most ten seconds. */
    @Override
    public void close() {
        sdk.ifPresent(s -> s.shutdown().join(SHUTDOWN_SECONDS, TimeUnit.SECONDS));
    }

    /** {@code OTEL_EXPORTER_OTLP_ENDPOINT} → {@code otel.exporter.otlp.endpoint}, as the SDK names its properties. */
    private static Map<String, String> sdkProperties(TracingConfig config) {
        Map<String, String> properties = new HashMap<>();
        config.otelVariables().forEach((name, value) ->
                properties.put(name.toLowerCase(Locale.ROOT).replace('_', '.'), value));
        properties.put("otel.exporter.otlp.endpoint", config.endpoint().orElseThrow().toString());
        properties.put("otel.exporter.otlp.protocol", config.protocol());
        return properties;
    }
}
