package how.mana.ai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.TestMissions;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.ChatPrompt;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.resolve.ResolvedInput;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The offline planner over real HTTP: its answers pass the real parser for the shipped catalog, and are stable. */
class OfflinePlannerTest {
    /** Sunday 2026-04-19, 10:00 UTC: "tomorrow" in Berlin is a Monday. */
    private static final Clock SUNDAY = Clock.fixed(Instant.parse("2026-04-19T10:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolCatalog CATALOG = ToolCatalog.shipped();
    private static final PlanParser PARSER = new PlanParser(CATALOG, 10);
    private static final String RUNNING = """
            {"id": "m-run", "title": "Halbmarathon im Oktober", "conceptMarkdown": "Dreimal pro Woche laufen.",
             "objective": "Bis Oktober 21 km am Stück laufen.",
             "iterations": [{"id": "it-1", "plan": [], "overallStatus": "rejected",
                             "userFeedback": "Montags nie – da ist Chorprobe."}]}""";

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
        JsonNode body = JSON.readTree(post(request(prompt(RUNNING, List.of()))).body());

        assertThat(body.path("model").asText()).isEqualTo(OfflinePlanner.MODEL);
        Plan plan = accepted(body.path("choices").path(0).path("message").path("content").asText());
        assertThat(plan.summary()).startsWith("Offline-Planer (Platzhalter für ein echtes Sprachmodell)");
        assertThat(plan.steps()).extracting(PlannedStep::toolName).containsExactly("create_task", "create_event");
        assertThat(plan.steps().getFirst().params().path("dueDate").asText()).isEqualTo("2026-04-20");
        assertThat(plan.steps()).allSatisfy(s -> assertThat(s.rationale()).isNotBlank());
        assertThat(planner.answered()).isEqualTo(1);
    }

    @Test
    void feedbackThatRulesOutADayMovesTheEventAndTheRationaleSaysWhy() throws Exception {
        PlannedStep event = accepted(content(prompt(RUNNING, List.of()))).steps().get(1);

        // Tomorrow is Monday, which the feedback rules out: Tuesday it is.
        assertThat(event.params().path("startIso").asText()).isEqualTo("2026-04-21T18:00+02:00");
        assertThat(event.rationale()).contains("„Montags nie – da ist Chorprobe.“", "nicht Montag", "Dienstag");
    }

    @Test
    void aGoalInputGetsAProgressTaskCitingItsProgress() throws Exception {
        ResolvedInput goal = new ResolvedInput("goals", "goals", "g-1", "Laufkilometer im Monat",
                List.of("57 / 120 (Monat)"));
        Plan plan = accepted(content(prompt(RUNNING, List.of(goal))));

        PlannedStep progress = plan.steps().get(1);
        assertThat(progress.params().path("title").asText()).isEqualTo("Fortschritt prüfen: Laufkilometer im Monat");
        assertThat(progress.rationale()).contains("57 / 120 (Monat)");
    }

    @Test
    void aNoteInputGetsATaskQuotingIt() throws Exception {
        ResolvedInput note = new ResolvedInput("notes", "notes", "n-1", "Belege 2025",
                List.of("Spendenquittung fehlt noch"));
        Plan plan = accepted(content(prompt(RUNNING, List.of(note))));

        PlannedStep review = plan.steps().get(1);
        assertThat(review.params().path("title").asText()).isEqualTo("Notiz durchgehen: Belege 2025");
        assertThat(review.rationale()).contains("„Spendenquittung fehlt noch“");
    }

    @Test
    void theSameMissionOnTheSameDayGetsTheSameAnswer() throws Exception {
        ChatPrompt prompt = prompt(RUNNING, List.of());
        assertThat(content(prompt)).isEqualTo(content(prompt));
    }

    @Test
    void readsTheEnglishPromptToo() throws Exception {
        ChatPrompt english = new PromptBuilder(CATALOG, PromptLocale.EN, SUNDAY, ZoneOffset.UTC).build(TestMissions.mission(RUNNING), List.of());
        Plan plan = accepted(content(english));
        assertThat(plan.steps().getFirst().params().path("description").asText())
                .isEqualTo("Bis Oktober 21 km am Stück laufen.");
    }

    @Test
    void refusesWhatIsNotAChatCompletionRequest() throws Exception {
        assertThat(post("not json").statusCode()).isEqualTo(400);
        assertThat(post("{\"messages\": [{\"role\": \"system\", \"content\": \"x\"}]}").statusCode()).isEqualTo(400);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(planner.url().resolve(OfflinePlanner.PATH)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        HttpResponse<String> elsewhere = http.send(HttpRequest.newBuilder(planner.url().resolve("/v1/models"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(elsewhere.statusCode()).isEqualTo(404);
        assertThat(planner.answered()).isZero();
    }

    private static ChatPrompt prompt(String missionJson, List<ResolvedInput> inputs) {
        return new PromptBuilder(CATALOG, PromptLocale.DE, SUNDAY, ZoneOffset.UTC).build(TestMissions.mission(missionJson), inputs);
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
        URI uri = planner.url().resolve(OfflinePlanner.PATH);
        return http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Plan accepted(String answer) {
        ParseResult result = PARSER.parse(answer);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).plan();
    }
}
