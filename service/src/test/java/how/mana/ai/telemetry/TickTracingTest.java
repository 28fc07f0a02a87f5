package how.mana.ai.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Reply;
import how.mana.ai.tick.TickStats;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real tick of two missions, one of whose LLM requests fails, exported by the real SDK over OTLP/HTTP to an
 * in-process receiver: the spans, their parents and attributes, the {@code traceparent} the LLM saw, and no mission
 * text anywhere (every title, objective and answer below carries a marker).
 */
class TickTracingTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MARKER = "SECRET-7d1f";
    private static final String FAILING_OBJECTIVE = MARKER + " objective that the model refuses";
    private static final String MODEL = "planner-model";
    private static final String PLAN = """
            ```json
            {"summary":"%1$s plan","steps":[{"toolName":"create_task","summary":"%1$s step",
              "rationale":"%1$s rationale","params":{"title":"%1$s task","priority":"medium"}}]}
            ```""".formatted(MARKER);

    @Test
    void aTickWithTwoMissionsOneFailingIsTracedWithTheLlmRequestsAndNoMissionText() throws Exception {
        db.insertChange("anna", "ai", "agents", "coach", "insert", "{\"name\":\"Coach Kim\",\"state\":\"active\"}",
                null, null);
        insertDueMission("anna", "m-ok", MARKER + " title", MARKER + " objective", "coach");
        insertDueMission("ben", "m-fail", MARKER + " other title", FAILING_OBJECTIVE, null);

        TickStats stats;
        String metrics;
        try (OtlpReceiver collector = OtlpReceiver.start();
             FakeLlm llm = FakeLlm.start(request -> request.userMessage().orElse("").contains(FAILING_OBJECTIVE)
                     ? Reply.status(400) : Reply.body(200, completionWithUsage()))) {
            Services services = Services.open(Config.from(env(llm, Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", collector.endpoint().toString()))));
            try {
                Wiring.prepareDatabase(services);
                stats = Wiring.tick(services).run();
                metrics = services.metrics().scrape();
            } finally {
                services.close();
            }
            assertThat(stats.plansWrittenBack()).isEqualTo(1);
            assertThat(stats.llmFailures()).isEqualTo(1);

            List<OtlpReceiver.Received> spans = collector.spans();
            assertThat(collector.contentTypes()).as("OTLP over http/protobuf").isNotEmpty()
                    .allMatch(type -> type.startsWith("application/x-protobuf"));
            assertThat(spans).allSatisfy(span -> {
                assertThat(span.resourceAttribute("service.name")).isEqualTo("mana-ai");
                assertThat(span.resourceAttribute("service.version")).isEqualTo("dev");
                assertThat(span.scope()).isEqualTo("mana-ai");
            });
            assertThat(spans.stream().map(OtlpReceiver.Received::traceId).distinct()).as("one trace").hasSize(1);

            OtlpReceiver.Received tick = only(spans, "tick");
            assertThat(tick.parentSpanId()).isEmpty();
            assertThat(tick.longAttribute("tick.due_missions")).isEqualTo(2);
            assertThat(only(spans, "tick.refresh").parentSpanId()).isEqualTo(tick.spanId());

            Map<String, OtlpReceiver.Received> missions = spans.stream()
                    .filter(s -> s.name().equals("tick.planMission"))
                    .collect(Collectors.toMap(s -> s.stringAttribute("mission.id"), s -> s));
            assertThat(missions).containsOnlyKeys("m-ok", "m-fail");
            missions.values().forEach(mission -> assertThat(mission.parentSpanId()).isEqualTo(tick.spanId()));

            OtlpReceiver.Received planned = missions.get("m-ok");
            assertThat(planned.stringAttribute("user.id")).isEqualTo("anna");
            assertThat(planned.stringAttribute("agent.id")).isEqualTo("coach");
            assertThat(planned.stringAttribute("agent.name")).isEqualTo("Coach Kim");
            assertThat(planned.stringAttribute("mission.outcome")).isEqualTo("planned");
            assertThat(planned.span().getStatus().getCode()).isNotEqualTo(Status.StatusCode.STATUS_CODE_ERROR);

            OtlpReceiver.Received failed = missions.get("m-fail");
            assertThat(failed.stringAttribute("user.id")).isEqualTo("ben");
            assertThat(failed.stringAttribute("agent.id")).isEqualTo("legacy");
            assertThat(failed.stringAttribute("agent.name")).isEqualTo("Mana");
            assertThat(failed.stringAttribute("mission.outcome")).isEqualTo("llm-failure");
            assertThat(failed.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(failed.span().getStatus().getMessage()).startsWith("llm failure: LLM answered HTTP 400");

            OtlpReceiver.Received answered = childOf(spans, planned, "chat " + MODEL);
            assertThat(answered.span().getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
            assertThat(answered.stringAttribute("gen_ai.operation.name")).isEqualTo("chat");
            assertThat(answered.stringAttribute("gen_ai.provider.name")).isEqualTo("openai");
            assertThat(answered.stringAttribute("gen_ai.request.model")).isEqualTo(MODEL);
            assertThat(answered.stringAttribute("gen_ai.response.model")).isEqualTo(MODEL + "-2026");
            assertThat(answered.stringAttribute("gen_ai.response.id")).isEqualTo("chatcmpl-traced");
            assertThat(answered.longAttribute("gen_ai.usage.input_tokens")).isEqualTo(321);
            assertThat(answered.longAttribute("gen_ai.usage.output_tokens")).isEqualTo(54);
            assertThat(answered.attribute("gen_ai.response.finish_reasons").orElseThrow().getArrayValue()
                    .getValuesList()).extracting(AnyValue::getStringValue).containsExactly("stop");
            assertThat(answered.stringAttribute("server.address")).isEqualTo("127.0.0.1");
            assertThat(answered.longAttribute("server.port")).isEqualTo(llm.url().getPort());

            OtlpReceiver.Received refused = childOf(spans, failed, "chat " + MODEL);
            assertThat(refused.span().getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
            assertThat(refused.stringAttribute("error.type")).isEqualTo("400");

            OtlpReceiver.Received written = childOf(spans, planned, "tick.writeBack");
            assertThat(written.stringAttribute("writeback.result")).isEqualTo("written");
            assertThat(written.stringAttribute("writeback.content")).isEqualTo("plan");
            assertThat(spans).filteredOn(s -> s.parentSpanId().equals(failed.spanId()))
                    .as("the failed mission has attempts left: nothing is written").hasSize(1);

            assertThat(llm.requests()).extracting(request -> traceAndParent(request.header("traceparent")))
                    .as("each LLM request names its own span in the mission's trace, sampled")
                    .containsExactlyInAnyOrder(answered.traceId() + "-" + answered.spanId(),
                            refused.traceId() + "-" + refused.spanId());

            for (OtlpReceiver.Received span : spans) {
                assertThat(span.span().toString() + span.resource()).as("span " + span.name())
                        .doesNotContain(MARKER);
            }
        }
        assertThat(metrics).doesNotContain(MARKER);
    }

    @Test
    void withoutAnEndpointTracingIsTheNoOpAndStartsNoThread() throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        insertDueMission("cleo", "m-quiet", "Quiet", "Nothing to export", null);
        List<ChatRequest> requests;
        try (FakeLlm llm = FakeLlm.start(request -> Reply.answer(PLAN))) {
            Services services = Services.open(Config.from(env(llm, Map.of())));
            try {
                assertThat(services.tracing().openTelemetry()).isSameAs(OpenTelemetry.noop());
                Wiring.prepareDatabase(services);
                Wiring.tick(services).run();
            } finally {
                services.close();
            }
            requests = llm.requests();
        }
        assertThat(requests).isNotEmpty().allSatisfy(request -> assertThat(request.header("traceparent")).isNull());
        assertThat(Thread.getAllStackTraces().keySet()).filteredOn(thread -> !before.contains(thread))
                .extracting(Thread::getName)
                .noneMatch(name -> name.contains("BatchSpanProcessor") || name.contains("OkHttp"));
    }

    private static Map<String, String> env(FakeLlm llm, Map<String, String> tracing) throws Exception {
        Map<String, String> env = new HashMap<>(tracing);
        env.put("PORT", Integer.toString(FreePort.find()));
        env.put("SYNC_DATABASE_URL", db.serviceJdbcUrl());
        env.put("MANA_LLM_URL", llm.url().toString());
        env.put("MANA_LLM_MODEL", MODEL);
        env.put("TICK_ENABLED", "false");
        env.put("MANA_AI_DB_POOL_SIZE", "3");
        return env;
    }

    private static void insertDueMission(String userId, String missionId, String title, String objective,
                                         String agentId) throws Exception {
        ObjectNode mission = JSON.createObjectNode().put("id", missionId).put("title", title)
                .put("objective", objective).put("state", "active")
                .put("nextRunAt", IsoTime.format(Instant.now().minusSeconds(60)));
        mission.putObject("cadence").put("kind", "interval").put("everyMinutes", 120);
        mission.putArray("iterations");
        if (agentId != null) {
            mission.put("agentId", agentId);
        }
        db.insertMissionChange(userId, missionId, "insert", JSON.writeValueAsString(mission), null, null);
    }

    /** A chat completion with the usage a provider reports, whose plan carries the marker. */
    private static String completionWithUsage() {
        ObjectNode body = JSON.createObjectNode().put("id", "chatcmpl-traced").put("object", "chat.completion")
                .put("model", MODEL + "-2026");
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", PLAN);
        body.putObject("usage").put("prompt_tokens", 321).put("completion_tokens", 54).put("total_tokens", 375);
        return body.toString();
    }

    private static OtlpReceiver.Received only(List<OtlpReceiver.Received> spans, String name) {
        List<OtlpReceiver.Received> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as(name).hasSize(1);
        return named.getFirst();
    }

    private static OtlpReceiver.Received childOf(List<OtlpReceiver.Received> spans, OtlpReceiver.Received parent,
                                                 String name) {
        return only(spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId())).toList(), name);
    }

    /** {@code <trace id>-<parent id>} of a W3C {@code traceparent} of version 00 whose flags say sampled. */
    private static String traceAndParent(String traceparent) {
        String[] parts = traceparent.split("-");
        assertThat(parts).as(traceparent).hasSize(4);
        assertThat(parts[0]).isEqualTo("00");
        assertThat(Integer.parseInt(parts[3], 16) & 1).as("sampled flag of " + traceparent).isEqualTo(1);
        return parts[1] + "-" + parts[2];
    }
}
