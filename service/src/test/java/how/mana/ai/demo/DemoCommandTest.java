package how.mana.ai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.config.DatabaseUrl;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.testing.ManaSyncDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code demo} end to end against the local PostgreSQL, on a database and role of its own: the report it prints and
 * the rows the service wrote, read back as the administrator.
 */
class DemoCommandTest {
    private static final String SUFFIX = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String DATABASE = "mana_ai_demo_t_" + SUFFIX;
    private static final String ROLE = "mana_ai_demo_svc_" + SUFFIX;
    private static final List<String> DUE = List.of("m-anna-halbmarathon", "m-anna-steuer", "m-ben-fahrrad",
            "m-ben-solar", "m-ben-spanisch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DatabaseUrl SERVER = ManaSyncDatabase.serverAdminUrl();

    private static String report;
    private static String jsonReport;
    private static Instant finishedAt;

    @BeforeAll
    static void runTheDemoWithEachPlanner() {
        // The second run must reset what the first wrote: the rows checked below are of one run only.
        Map<String, String> v03 = environment();
        v03.put("MANA_AI_PLANNER", "json");
        Result first = demo(v03);
        assertThat(first.exitCode()).as(first.err()).isEqualTo(OptionalInt.of(0));
        jsonReport = first.out();
        Result second = demo(environment());
        finishedAt = Instant.now();
        assertThat(second.exitCode()).as(second.err()).isEqualTo(OptionalInt.of(0));
        report = second.out();
    }

    @AfterAll
    static void dropTheDemoDatabase() throws Exception {
        DemoDatabase.drop(SERVER, DATABASE, ROLE);
    }

    @Test
    void theHeaderNamesTheDatabaseTheLeastPrivilegedRoleAndTheOfflinePlanner() {
        assertThat(report).startsWith("mana-ai demo: one real tick of the Mission Runner")
                .contains("/" + DATABASE + " (reset;")
                .contains("connected as " + ROLE + ": NOSUPERUSER NOBYPASSRLS")
                .contains("offline stand-in for a real model at http://127.0.0.1:")
                .contains("protocol  native tool calling (MANA_AI_PLANNER=tools), up to 5 rounds, every call checked;"
                        + " tools: current (62 tools)")
                .contains("research  news-research stand-in at http://127.0.0.1:")
                .contains("tick  due 6, plans produced 5, written back 5, parse failures 0, LLM failures 0,"
                        + " held back by agents {skipped-paused=1}, left to devices (encrypted) 0, errors 0,"
                        + " research errors 0, tokens ");
        assertThat(report.lines().count()).isLessThanOrEqualTo(125);
    }

    @Test
    void eachRoundOfTheToolCallingRunShowsItsCallsWhichWereStoredAndWhichWereRejectedAndCorrected() {
        assertThat(block("Halbmarathon im Oktober")).contains(String.join("\n",
                "  tool calling, 5 rounds:",
                "   r1 create_task ✓ stored",
                "   r2 create_task ✓ stored",
                "   r3 create_event ✗ Abgelehnt, nicht gespeichert: endTime: required parameter missing",
                "   r4 create_event ✓ stored (corrected)",
                "   r5 no calls: done"));
        assertThat(block("Halbmarathon im Oktober")).contains("why: Korrektur: endTime ergänzt.");
    }

    @Test
    void theV03PlannerPlansTheSameMissionsEndToEnd() {
        assertThat(jsonReport).contains("protocol  one fenced JSON plan (MANA_AI_PLANNER=json, v0.3)")
                .contains("tick  due 6, plans produced 5, written back 5, parse failures 0, LLM failures 0,")
                .contains("Lesen: Balkonkraftwerke: eine Million Anlagen angemeldet")
                .contains("3. create_event {\"title\":\"Lauftraining: Halbmarathon im Oktober\"")
                .doesNotContain("tool calling,");
    }

    @Test
    void theResearchMissionsArticlesGoIntoThePromptAndItsPlanCitesOne() throws Exception {
        String solar = block("Balkonkraftwerk");
        assertThat(solar).contains("research before planning: 3 articles went into the prompt: "
                + "https://www.solarserver.example/2026/balkonkraftwerke-rekord, ")
                .contains("create_task {\"title\":\"Lesen: Balkonkraftwerke: eine Million Anlagen angemeldet\"")
                .contains("(https://www.solarserver.example/2026/balkonkraftwerke-rekord)");
        JsonNode step = lastIteration(runnerRows().get("m-ben-solar")).path("plan").get(1);
        assertThat(step.path("intent").path("params").path("description").asText())
                .isEqualTo("Quelle: https://www.solarserver.example/2026/balkonkraftwerke-rekord");
        assertThat(block("Halbmarathon im Oktober")).doesNotContain("research before planning");
    }

    @Test
    void theReportShowsWhoWroteEachIterationAndWhatAnAgentHeldBack() {
        assertThat(block("Spanisch auf B1")).contains("written as: Sprach-Coach (ai, agent-sprach-coach)")
                .as("its plaintext persona reached the model")
                .contains("sent with the agent's <agent_persona> at the end of the system message (plaintext only)");
        assertThat(block("Steuererklärung 2025")).contains("written as: Mana (ai, legacy:ai-default)")
                .doesNotContain("<agent_persona>");
        assertThat(block("Papierkram ablegen")).contains("due, but held back by its agent: skipped-paused");
    }

    @Test
    void everyDueMissionShowsItsStepsWithRationalesTheWrittenIterationAndItsNextRun() throws Exception {
        Map<String, JsonNode> written = runnerRows();
        for (String title : List.of("Halbmarathon im Oktober", "Steuererklärung 2025",
                "Rad für die Saison fit machen", "Spanisch auf B1")) {
            assertThat(block(title)).as(title)
                    .contains("due → wrote iteration ", "(awaiting-review, source server,", "1. create_task {",
                            "why: Ziel der Mission: „", "next run: 20");
        }
        String running = block("Halbmarathon im Oktober");
        JsonNode iteration = lastIteration(written.get("m-anna-halbmarathon"));
        assertThat(running)
                .contains("wrote iteration " + iteration.path("id").asText())
                .contains("inputs: goals/goal-laufkilometer (resolved")
                .contains("steht bei 57 / 120 (Monat)")
                .contains("3. create_event", "Feedback „Montags nie – da ist Chorprobe.“ → nicht Montag")
                .contains("next run: " + written.get("m-anna-halbmarathon").path("nextRunAt").asText()
                        + " = Mon ", " 07:00 Europe/Berlin");
        assertThat(block("Spanisch auf B1")).as("its agent's policy denies the calendar: no event is offered")
                .contains("agent: agent-sprach-coach", "1. create_task").doesNotContain("create_event");
    }

    @Test
    void theGrantedNoteReachesThePlanTheUngrantedOneStaysOutAndBothAreAudited() throws Exception {
        String tax = block("Steuererklärung 2025");
        assertThat(tax).contains("notes/note-belege (in the mission's grant: decrypted for this plan only)",
                "notes/note-tagebuch (encrypted, not granted: never decrypted",
                "decrypt audit (what GET /api/v1/me/ai-audit shows demo-anna): notes:note-belege ok;"
                        + " notes:note-tagebuch scope-violation (record-not-in-grant-allowlist)",
                "create_task {\"title\":\"Notiz durchgehen: Belege 2025\"", "„Spendenquittung Tierheim fehlt noch");
        String written = lastIteration(runnerRows().get("m-anna-steuer")).toString();
        assertThat(written).contains("Spendenquittung Tierheim").doesNotContain("Tagebuch", "Privat", "enc:");
        assertThat(report).doesNotContain("Privat: nichts davon");
    }

    @Test
    void missionsThatWereNotDueSayWhy() {
        assertThat(block("Keller entrümpeln")).contains("not due: state is paused");
        assertThat(block("Gemüsebeet anlegen")).contains("not due: scheduled for ", " 09:00 Europe/Berlin");
        assertThat(block("Geburtstagsfeier für Mama")).contains("not due: nothing scheduled");
        assertThat(block("Umzug nach Leipzig")).contains("not due: deleted");
        assertThat(report).doesNotContain("due, but no plan written");
    }

    @Test
    void theServiceWroteOneWellFormedRunnerRowPerDueMission() throws Exception {
        Map<String, JsonNode> written = runnerRows();
        assertThat(written).containsOnlyKeys(DUE);
        written.forEach((mission, data) -> {
            JsonNode iteration = lastIteration(data);
            String id = iteration.path("id").asText();
            assertThat(iteration.path("source").asText()).as(mission).isEqualTo("server");
            assertThat(iteration.path("overallStatus").asText()).as(mission).isEqualTo("awaiting-review");
            assertThat(iteration.path("summary").asText()).as(mission).startsWith("Offline-Planer");
            JsonNode plan = iteration.path("plan");
            assertThat(plan.size()).as(mission).isBetween(1, 3);
            for (int i = 0; i < plan.size(); i++) {
                JsonNode step = plan.get(i);
                assertThat(step.path("id").asText()).isEqualTo(id + "-" + i);
                assertThat(step.path("status").asText()).isEqualTo("planned");
                assertThat(step.path("intent").path("kind").asText()).isEqualTo("toolCall");
                assertThat(step.path("rationale").asText()).isNotBlank();
            }
            Instant next = IsoTime.parse(data.path("nextRunAt").asText()).orElseThrow();
            assertThat(next).as(mission).isAfter(IsoTime.parse(iteration.path("finishedAt").asText()).orElseThrow());
            assertThat(data.has("updatedAt")).as("a generation-2 row carries no updatedAt").isFalse();
            assertThat(IsoTime.parse(iteration.path("finishedAt").asText()).orElseThrow()).isBefore(finishedAt);
        });
        // The earlier iterations are kept: the running mission had one from the browser.
        assertThat(written.get("m-anna-halbmarathon").path("iterations").get(0).path("id").asText())
                .isEqualTo("it-anna-1");
    }

    @Test
    void anUnreachableServerIsOneClearLineAndExit1() {
        Map<String, String> env = environment();
        env.put(DemoDatabase.URL_VARIABLE, "postgresql://nobody@127.0.0.1:1/postgres");
        Result result = demo(env);
        assertThat(result.exitCode()).isEqualTo(OptionalInt.of(1));
        assertThat(result.err()).startsWith("demo: cannot reach PostgreSQL at ").contains("start it")
                .hasLineCount(1);
        assertThat(result.out()).isEmpty();
    }

    @Test
    void aLogLevelLogbackCouldNotReadIsRefusedBeforeAnythingRuns() {
        Map<String, String> env = environment();
        env.put("LOG_LEVEL", "loud");
        Result result = demo(env);
        assertThat(result.exitCode()).isEqualTo(OptionalInt.of(2));
        assertThat(result.err()).contains("LOG_LEVEL must be trace or debug or info or warn or error or off");
    }

    @Test
    void anUnknownArgumentIsAUsageError() {
        Result result = demo(environment(), "--frobnicate");
        assertThat(result.exitCode()).isEqualTo(OptionalInt.of(2));
        assertThat(result.err()).contains(DemoCommand.USAGE);
    }

    /** The lines of the report about the mission titled {@code title}, up to the next blank line. */
    private static String block(String title) {
        return Arrays.stream(report.split("\\R\\R")).filter(b -> b.contains(" · " + title + "  ["))
                .findFirst().orElseThrow(() -> new AssertionError("no block for " + title + " in\n" + report));
    }

    private static JsonNode lastIteration(JsonNode data) {
        JsonNode iterations = data.path("iterations");
        return iterations.get(iterations.size() - 1);
    }

    /** The data of every row the runner wrote, by mission id, read as the administrator. */
    private static Map<String, JsonNode> runnerRows() throws Exception {
        Map<String, JsonNode> rows = new HashMap<>();
        Properties props = new Properties();
        SERVER.user().ifPresent(u -> props.setProperty("user", u));
        SERVER.password().ifPresent(p -> props.setProperty("password", p));
        try (Connection c = DriverManager.getConnection(SERVER.withDatabase(DATABASE).jdbcUrl(), props);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT record_id, data, field_meta, op, app_id, table_name, schema_version, actor, origin
                     FROM sync_changes WHERE client_id = 'mana-ai-runner'""")) {
            while (rs.next()) {
                assertThat(rs.getString("op")).isEqualTo("update");
                assertThat(rs.getString("app_id") + "/" + rs.getString("table_name")).isEqualTo("ai/aiMissions");
                assertThat(rs.getInt("schema_version")).isEqualTo(1);
                assertThat(rs.getString("origin")).isEqualTo("agent");
                JsonNode data = JSON.readTree(rs.getString("data"));
                JsonNode actor = JSON.readTree(rs.getString("actor"));
                // jsonb keeps keys in its own order: the written order cannot be checked here.
                assertThat(actor.properties()).extracting(Map.Entry::getKey).containsExactlyInAnyOrder("kind", "principalId",
                        "displayName", "missionId", "iterationId", "rationale");
                assertThat(actor.path("kind").asText()).isEqualTo("ai");
                assertThat(actor.path("missionId").asText()).isEqualTo(rs.getString("record_id"));
                assertThat(actor.path("iterationId").asText()).isEqualTo(lastIteration(data).path("id").asText());
                assertThat(JSON.readTree(rs.getString("field_meta")).properties()).extracting(Map.Entry::getKey)
                        .containsExactlyInAnyOrder("iterations", "nextRunAt");
                JsonNode previous = rows.put(rs.getString("record_id"), data);
                assertThat(previous).as("second runner row for " + rs.getString("record_id")).isNull();
            }
        }
        return rows;
    }

    private static Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        String server = System.getenv("MANA_AI_TEST_DATABASE_URL");
        if (server != null && !server.isBlank()) {
            env.put(DemoDatabase.URL_VARIABLE, server);
        }
        env.put("LOG_LEVEL", "WARN");
        return env;
    }

    private record Result(OptionalInt exitCode, String out, String err) {
    }

    private static Result demo(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OptionalInt code = DemoCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), DATABASE, ROLE);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
