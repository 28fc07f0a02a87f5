package how.mana.ai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.planner.PlanningRun;
import how.mana.ai.config.PolicyMode;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.localllm.LocalChatServer;
import how.mana.ai.mission.Mission;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.TestMissions;
import how.mana.ai.planner.llm.ChatCompletionsClient;
import how.mana.ai.planner.llm.LlmSettings;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.ChatPrompt;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.toolcall.ToolCallingProtocol;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.resolve.ResolvedInput;
import how.mana.ai.telemetry.Tracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The offline planner over real HTTP, in both protocols: its v0.3 answers pass the real parser for either catalog,
 * and a real tool-calling run against it takes several rounds, corrects its slip, and ends with a valid plan.
 */
class OfflinePlannerTest {
    /** Sunday 2026-04-19, 10:00 UTC: "tomorrow" in Berlin is a Monday. */
    private static final Clock SUNDAY = Clock.fixed(Instant.parse("2026-04-19T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolCatalog V03 = ToolCatalog.builtIn(BuiltInCatalog.V0_3);
    private static final ToolCatalog CURRENT = ToolCatalog.builtIn(BuiltInCatalog.CURRENT);
    private static final PlanParser PARSER = new PlanParser(10);
    private static final String RUNNING = """
            {"id": "m-run", "title": "Halbmarathon im Oktober", "conceptMarkdown": "Dreimal pro Woche laufen.",
             "objective": "Bis Oktober 21 km am Stück laufen.",
             "iterations": [{"id": "it-1", "plan": [], "overallStatus": "rejected",
                             "userFeedback": "Montags nie – da ist Chorprobe."}]}""";
    private static final ResolvedInput GOAL = new ResolvedInput("goals", "goals", "g-1", "Laufkilometer im Monat",
            List.of("57 / 120 (Monat)"));

    private final HttpClient http = HttpClient.newHttpClient();
    private OfflinePlanner planner;

    @BeforeEach
    void start() throws Exception {
        planner = OfflinePlanner.start(SUNDAY);
    }

    @AfterEach
    void stop() {
        planner.close();
        http.close();
    }

    @Test
    void answersAsAChatCompletionWithAPlanThatTheRealParserAccepts() throws Exception {
        JsonNode body = JSON.readTree(post(request(prompt(RUNNING, List.of(), V03))).body());

        assertThat(body.path("model").asText()).isEqualTo(OfflinePlanner.MODEL);
        Plan plan = accepted(body.path("choices").path(0).path("message").path("content").asText(), V03);
        assertThat(plan.summary()).startsWith("Offline-Planer (Platzhalter für ein echtes Sprachmodell)");
        assertThat(plan.steps()).extracting(PlannedStep::toolName).containsExactly("create_task", "create_event");
        assertThat(plan.steps().getFirst().params().path("dueDate").asText()).isEqualTo("2026-04-20");
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.rationale()).isNotBlank());
        assertThat(planner.answered()).isEqualTo(1);
    }

    @Test
    void feedbackThatRulesOutADayMovesTheEventAndTheRationaleSaysWhy() throws Exception {
        PlannedStep event = accepted(content(prompt(RUNNING, List.of(), V03)), V03).steps().get(1);

        // Tomorrow is Monday, which the feedback rules out: Tuesday it is.
        assertThat(event.params().path("startIso").asText()).isEqualTo("2026-04-21T18:00+02:00");
        assertThat(event.rationale()).contains("„Montags nie – da ist Chorprobe.“", "nicht Montag", "Dienstag");
    }

    @Test
    void theEventIsTimedWithTheParametersTheOfferedCatalogNames() throws Exception {
        PlannedStep event = accepted(content(prompt(RUNNING, List.of(), CURRENT)), CURRENT).steps().get(1);

        assertThat(event.params().fieldNames()).toIterable().containsExactly("title", "startTime", "endTime");
        assertThat(event.params().path("endTime").asText()).isEqualTo("2026-04-21T19:00+02:00");
    }

    @Test
    void aGoalInputGetsAProgressTaskCitingItsProgress() throws Exception {
        Plan plan = accepted(content(prompt(RUNNING, List.of(GOAL), V03)), V03);

        PlannedStep progress = plan.steps().get(1);
        assertThat(progress.params().path("title").asText()).isEqualTo("Fortschritt prüfen: Laufkilometer im Monat");
        assertThat(progress.rationale()).contains("57 / 120 (Monat)");
    }

    @Test
    void aNoteInputGetsATaskQuotingIt() throws Exception {
        ResolvedInput note = new ResolvedInput("notes", "notes", "n-1", "Belege 2025",
                List.of("Spendenquittung fehlt noch"));
        Plan plan = accepted(content(prompt(RUNNING, List.of(note), V03)), V03);

        PlannedStep review = plan.steps().get(1);
        assertThat(review.params().path("title").asText()).isEqualTo("Notiz durchgehen: Belege 2025");
        assertThat(review.rationale()).contains("„Spendenquittung fehlt noch“");
    }

    @Test
    void theSameMissionOnTheSameDayGetsTheSameAnswer() throws Exception {
        ChatPrompt prompt = prompt(RUNNING, List.of(), V03);
        assertThat(content(prompt)).isEqualTo(content(prompt));
    }

    @Test
    void readsTheEnglishPromptToo() throws Exception {
        ChatPrompt english = new PromptBuilder(PromptLocale.EN, SUNDAY, ZoneOffset.UTC)
                .jsonPlan(TestMissions.mission(RUNNING), List.of(), V03);
        Plan plan = accepted(content(english), V03);
        assertThat(plan.steps().getFirst().params().path("description").asText())
                .isEqualTo("Bis Oktober 21 km am Stück laufen.");
    }

    /**
     * A real tool-calling run against the stand-in: one call per round, the event's first call leaves out its
     * required end and is rejected, the next round sends it complete, the last round ends without calls.
     */
    @Test
    void speaksToolCallingOverRoundsAndCorrectsWhatTheServiceRejected() {
        Mission mission = TestMissions.mission(RUNNING);
        try (ChatCompletionsClient client = new ChatCompletionsClient(new LlmSettings(planner.url(), "k",
                "mana/reasoning", 0.3, Duration.ofSeconds(5), Duration.ofSeconds(20), 1 << 20, 1,
                Duration.ofMillis(10), Duration.ofMillis(10), LlmSettings.BreakerSettings.DEFAULT),
                new SimpleMeterRegistry(), Tracing.off())) {
            PlanOutcome outcome = new ToolCallingProtocol(new PromptBuilder(PromptLocale.DE, SUNDAY,
                    ZoneOffset.UTC), client, PolicyMode.LOG_ONLY, 5, 10, new SimpleMeterRegistry())
                    .plan(mission, List.of(GOAL), PlanningRun.offering(CURRENT));

            assertThat(outcome).isInstanceOf(PlanOutcome.Planned.class);
            Plan plan = ((PlanOutcome.Planned) outcome).plan();
            assertThat(plan.steps()).extracting(PlannedStep::toolName)
                    .containsExactly("create_task", "create_task", "create_event");
            assertThat(plan.steps().get(2).params().path("endTime").asText()).isEqualTo("2026-04-21T19:00+02:00");
            assertThat(plan.steps().get(2).rationale()).startsWith("Korrektur: endTime ergänzt.");
            assertThat(plan.summary()).isEqualTo("Offline-Planer (Platzhalter für ein echtes Sprachmodell): 3 "
                    + "Vorschläge für „Halbmarathon im Oktober“.");
            assertThat(planner.answered()).isEqualTo(5);
            ToolTranscript transcript = planner.transcript("Halbmarathon im Oktober").orElseThrow();
            assertThat(transcript.turns()).extracting(t -> t.calls().stream()
                    .map(c -> c.tool() + (c.stored() ? " ✓" : " ✗ " + c.message())).toList())
                    .containsExactly(List.of("create_task ✓"), List.of("create_task ✓"),
                            List.of("create_event ✗ Abgelehnt, nicht gespeichert: endTime: required parameter missing"),
                            List.of("create_event ✓"), List.of());
        }
    }

    @Test
    void refusesWhatIsNotAChatCompletionRequest() throws Exception {
        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(post("{\"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}").statusCode()).isEqualTo(400);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(planner.url().resolve(LocalChatServer.PATH)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(planner.url().resolve("/v1/models"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(planner.answered()).isZero();
    }

    private static ChatPrompt prompt(String missionJson, List<ResolvedInput> inputs, ToolCatalog offered) {
        return new PromptBuilder(PromptLocale.DE, SUNDAY, ZoneOffset.UTC)
                .jsonPlan(TestMissions.mission(missionJson), inputs, offered);
    }

    private String content(ChatPrompt prompt) throws Exception {
        HttpResponse<String> response = post(request(prompt));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body()).path("choices").path(0).path("message").path("content").asText();
    }

    private static String request(ChatPrompt prompt) {
        ObjectNode body = JSON.createObjectNode().put("model", "default").put("temperature", 0.3);
        body.putArray("messages")
                .add(JSON.createObjectNode().put("role", "system").put("content", prompt.system()))
                .add(JSON.createObjectNode().put("role", "user").put("content", prompt.user()));
        return body.toString();
    }

    private HttpResponse<String> post(String body) throws Exception {
        URI uri = planner.url().resolve(LocalChatServer.PATH);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Plan accepted(String answer, ToolCatalog offered) {
        ParseResult result = PARSER.parse(answer, offered);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).plan();
    }
}
