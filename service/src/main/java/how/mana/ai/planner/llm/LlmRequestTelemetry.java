package how.mana.ai.planner.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.telemetry.Buckets;
import how.mana.ai.telemetry.Tracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What each HTTP attempt at the LLM leaves behind: a client span after the OpenTelemetry GenAI conventions (model,
 * token usage, finish reasons; never a prompt or an answer), the W3C trace context on the request, and the metrics
 * {@code mana_ai_planner_request_duration_seconds} and {@code mana_ai_llm_requests_total{outcome}} (SPEC-LATEST
 * §18). Both metrics exist from the start, every outcome at zero, so a fresh replica can be alerted on.
 */
final class LlmRequestTelemetry {
    /** The outcomes of one attempt, as {@link LlmResult.Failure#outcome()} names them, and {@code success}. */
    static final List<String> OUTCOMES = List.of("success", "timeout", "connection", "http_4xx", "http_5xx",
            "unreadable", "empty_content");
    static final String DURATION_METRIC = "mana_ai.planner.request.duration";
    static final String REQUESTS_METRIC = "mana_ai.llm.requests";
    /** SPEC-LATEST §18.1: .25 .5 1 2 5 10 30 60 seconds. */
    private static final Duration[] DURATION_BUCKETS = Buckets.seconds(0.25, 0.5, 1, 2, 5, 10, 30, 60);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The API the client speaks; the conventions name the provider by it when the backend behind is unknown. */
    private static final String PROVIDER = "openai";

    static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
    static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<List<String>> FINISH_REASONS =
            AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private final LlmSettings settings;
    private final Tracer tracer;
    private final TextMapPropagator propagator;
    private final Timer duration;
    private final Map<String, Counter> requests = new TreeMap<>();

    LlmRequestTelemetry(LlmSettings settings, MeterRegistry meters, Tracing tracing) {
        this.settings = settings;
        this.tracer = tracing.tracer();
        this.propagator = tracing.openTelemetry().getPropagators().getTextMapPropagator();
        this.duration = Timer.builder(DURATION_METRIC).description("Duration of one LLM chat-completions attempt")
                .serviceLevelObjectives(DURATION_BUCKETS).register(meters);
        for (String outcome : OUTCOMES) {
            requests.put(outcome, Counter.builder(REQUESTS_METRIC)
                    .description("LLM chat-completions attempts by outcome").tag("outcome", outcome)
                    .register(meters));
        }
    }

    /** Starts the span of one attempt, a child of the current one (the mission's). */
    Attempt start() {
        URI url = settings.completionsUrl();
        Span span = tracer.spanBuilder("chat " + settings.model()).setSpanKind(SpanKind.CLIENT)
                .setAttribute(OPERATION, "chat")
                .setAttribute(PROVIDER_NAME, PROVIDER)
                .setAttribute(REQUEST_MODEL, settings.model())
                .setAttribute(REQUEST_TEMPERATURE, settings.temperature())
                .setAttribute(SERVER_ADDRESS, url.getHost())
                .setAttribute(SERVER_PORT, (long) (url.getPort() >= 0 ? url.getPort()
                        : "https".equals(url.getScheme()) ? 443 : 80))
                .startSpan();
        return new Attempt(span);
    }

    /** One attempt in flight. */
    final class Attempt {
        private final Span span;

        private Attempt(Span span) {
            this.span = span;
        }

        /** Adds {@code traceparent} naming this attempt's span (and {@code tracestate}); nothing with tracing off. */
        void propagateTo(HttpRequest.Builder request) {
            propagator.inject(Context.current().with(span), request, HttpRequest.Builder::header);
        }

        /**
         * What a 2xx answer tells about the call: the model that answered, the tokens it counted, why it stopped.
         * Read from the raw body, apart from the planner's reading of the content, and only when the span records.
         */
        void answered(byte[] body) {
            if (!span.isRecording()) {
                return;
            }
            JsonNode root;
            try {
                root = JSON.readTree(body);
            } catch (IOException e) {
                return;
            }
            if (root == null || !root.isObject()) {
                return;
            }
            text(root.get("id")).ifPresent(id -> span.setAttribute(RESPONSE_ID, id));
            text(root.get("model")).ifPresent(model -> span.setAttribute(RESPONSE_MODEL, model));
            JsonNode usage = root.path("usage");
            if (usage.path("prompt_tokens").isIntegralNumber()) {
                span.setAttribute(INPUT_TOKENS, usage.get("prompt_tokens").longValue());
            }
            if (usage.path("completion_tokens").isIntegralNumber()) {
                span.setAttribute(OUTPUT_TOKENS, usage.get("completion_tokens").longValue());
            }
            List<String> reasons = new ArrayList<>();
            root.path("choices").forEach(choice -> text(choice.get("finish_reason")).ifPresent(reasons::add));
            if (!reasons.isEmpty()) {
                span.setAttribute(FINISH_REASONS, reasons);
            }
        }

        /** Records the attempt's outcome and duration, and ends its span. */
        void end(LlmResult result, long nanos) {
            String outcome = result instanceof LlmResult.Failure f ? f.outcome() : "success";
            duration.record(nanos, TimeUnit.NANOSECONDS);
            requests.get(outcome).increment();
            if (result instanceof LlmResult.Failure failure) {
                span.setAttribute(ERROR_TYPE,
                        failure instanceof LlmResult.HttpStatus status ? Integer.toString(status.code()) : outcome);
                span.setStatus(StatusCode.ERROR, failure.reason());
            }
            span.end();
        }
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }
}
