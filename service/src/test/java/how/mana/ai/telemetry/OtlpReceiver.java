package how.mana.ai.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A collector's OTLP/HTTP trace endpoint on a loopback port, as the exporter meets it in production: {@code POST
 * /v1/traces} with a protobuf {@code ExportTraceServiceRequest}, answered with an empty protobuf response. It keeps
 * every span it receives with its resource and the content type it came with.
 */
final class OtlpReceiver implements AutoCloseable {
    private static final String TRACES = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";

    /** A span as received, with what the tests ask of it. */
    record Received(Resource resource, String scope, Span span) {
        String name() {
            return span.getName();
        }

        String traceId() {
            return HexFormat.of().formatHex(span.getTraceId().toByteArray());
        }

        String spanId() {
            return HexFormat.of().formatHex(span.getSpanId().toByteArray());
        }

        /** Empty for a root span. */
        String parentSpanId() {
            return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
        }

        Optional<AnyValue> attribute(String key) {
            return valueOf(span.getAttributesList(), key);
        }

        String stringAttribute(String key) {
            return attribute(key).map(AnyValue::getStringValue).orElse(null);
        }

        Long longAttribute(String key) {
            return attribute(key).map(AnyValue::getIntValue).orElse(null);
        }

        String resourceAttribute(String key) {
            return valueOf(resource.getAttributesList(), key).map(AnyValue::getStringValue).orElse(null);
        }

        private static Optional<AnyValue> valueOf(List<KeyValue> attributes, String key) {
            return attributes.stream().filter(a -> a.getKey().equals(key)).map(KeyValue::getValue).findFirst();
        }
    }

    private final HttpServer server;
    private final Queue<Received> spans = new ConcurrentLinkedQueue<>();
    private final Queue<String> contentTypes = new ConcurrentLinkedQueue<>();

    private OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static OtlpReceiver start() throws IOException {
        return new OtlpReceiver();
    }

    /** What {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set to: the base, without {@code /v1/traces}. */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> spans() {
        return List.copyOf(spans);
    }

    /** The content type of every export request received. */
    List<String> contentTypes() {
        return List.copyOf(contentTypes);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals(TRACES)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
            for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
                for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                    for (Span span : scopeSpans.getSpansList()) {
                        spans.add(new Received(resourceSpans.getResource(), scopeSpans.getScope().getName(), span));
                    }
                }
            }
            byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
            exchange.getResponseHeaders().set("Content-Type", PROTOBUF);
            exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }
}
