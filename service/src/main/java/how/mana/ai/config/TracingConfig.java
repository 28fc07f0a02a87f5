package how.mana.ai.config;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * OpenTelemetry tracing (SPEC-LATEST §18.2): on only when {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set. The two
 * variables that decide whether and how spans leave the process are checked here, so a typo stops start-up naming
 * the variable; every other {@code OTEL_*} variable is handed to the SDK, which reads it as the OpenTelemetry
 * specification says.
 *
 * @param endpoint      the collector's base URL; the exporter appends {@code /v1/traces} (http/protobuf)
 * @param protocol      {@code http/protobuf} unless set otherwise: the SDK's own default, gRPC, is not what a
 *                      collector's port 4318 speaks
 * @param otelVariables every {@code OTEL_*} variable that is set, by name (values may hold secrets, such as
 *                      {@code OTEL_EXPORTER_OTLP_HEADERS})
 */
public record TracingConfig(Optional<URI> endpoint, String protocol, Map<String, String> otelVariables) {
    public static final String HTTP_PROTOBUF = "http/protobuf";
    private static final Set<String> PROTOCOLS = Set.of(HTTP_PROTOBUF, "grpc");

    public TracingConfig {
        otelVariables = Map.copyOf(otelVariables);
    }

    static TracingConfig from(EnvReader r) {
        Optional<URI> endpoint = r.optionalHttpUrl("OTEL_EXPORTER_OTLP_ENDPOINT");
        String protocol = r.string("OTEL_EXPORTER_OTLP_PROTOCOL", HTTP_PROTOBUF);
        if (!PROTOCOLS.contains(protocol)) {
            throw new ConfigException("OTEL_EXPORTER_OTLP_PROTOCOL must be http/protobuf or grpc, got "
                    + EnvReader.quote(protocol));
        }
        return new TracingConfig(endpoint, protocol, r.family("OTEL_"));
    }

    /** Whether spans are exported at all. */
    public boolean enabled() {
        return endpoint.isPresent();
    }

    /**
     * The endpoint without user information, the protocol, and only the names of the other variables: their values
     * may be secrets.
     */
    @Override
    public String toString() {
        String shown = endpoint.map(u -> u.getScheme() + "://" + u.getHost()
                + (u.getPort() < 0 ? "" : ":" + u.getPort()) + (u.getRawPath() == null ? "" : u.getRawPath()))
                .orElse("off");
        return "TracingConfig[endpoint=" + shown + ", protocol=" + protocol + ", otelVariables="
                + new TreeSet<>(otelVariables.keySet()) + "]";
    }
}
