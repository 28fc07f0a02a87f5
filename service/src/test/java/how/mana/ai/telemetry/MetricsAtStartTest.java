package how.mana.ai.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.app.App;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.testing.FreePort;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Repository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} of the service as {@code serve} wires it, asked before anything happened (no tick, no LLM
 * call): every series README lists is there with its type, the histograms have the buckets of SPEC-LATEST §18.1,
 * the closed label sets are complete, every sample carries {@code service="mana-ai"}, and promtool accepts it.
 */
class MetricsAtStartTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String SERVICE = "service=\"mana-ai\"";
    private static final Pattern TYPE = Pattern.compile("^# TYPE (\\S+) (\\S+)$", Pattern.MULTILINE);
    private static String exposition;

    @BeforeAll
    static void scrapeRightAfterStart() throws Exception {
        Services services = Services.open(Config.from(Map.of(
                "PORT", Integer.toString(FreePort.find()),
                "SYNC_DATABASE_URL", db.serviceJdbcUrl(),
                "TICK_ENABLED", "false")));
        App app = App.start(services, Wiring.tick(services), Wiring.userMissions(services));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + app.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            exposition = metrics.body();
        } finally {
            app.shutdown();
        }
    }

    @AfterAll
    static void forget() {
        exposition = null;
    }

    @Test
    void everySeriesReadmeListsIsThereWithItsTypeAndNothingUndocumented() throws Exception {
        Map<String, String> documented = ReadmeMetrics.table();
        Map<String, String> exposed = families();

        documented.forEach((name, type) -> assertThat(exposed).as(name).containsEntry(name, type));
        assertThat(exposed.keySet()).as("series README does not document")
                .allMatch(name -> ReadmeMetrics.documents(documented, name));
    }

    @Test
    void theHistogramsHaveTheBucketsOfTheSpec() {
        assertThat(buckets("mana_ai_tick_duration_seconds", SERVICE))
                .containsExactly("0.1", "0.5", "1.0", "2.0", "5.0", "10.0", "30.0", "60.0", "120.0", "+Inf");
        assertThat(buckets("mana_ai_planner_request_duration_seconds", SERVICE))
                .containsExactly("0.25", "0.5", "1.0", "2.0", "5.0", "10.0", "30.0", "60.0", "+Inf");
        assertThat(buckets("mana_ai_http_request_duration_seconds",
                "method=\"GET\",path=\"/health\",service=\"mana-ai\",status=\"200\"")).containsExactly(
                "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1.0", "2.5", "5.0", "10.0", "+Inf");
    }

    @Test
    void closedLabelSetsAreCompleteAndHttpIsLabelledByRoutePattern() {
        for (String decision : List.of("ran", "skipped-archived", "skipped-paused", "skipped-concurrency",
                "skipped-budget")) {
            assertThat(exposition).contains("mana_ai_agent_decisions_total{decision=\"" + decision + "\",");
        }
        for (String outcome : List.of("success", "timeout", "connection", "http_4xx", "http_5xx", "unreadable",
                "empty_content")) {
            assertThat(exposition).contains("mana_ai_llm_requests_total{outcome=\"" + outcome + "\",");
        }
        for (String call : List.of("discover", "search", "submit", "poll")) {
            for (String reason : List.of("timeout", "connection", "http_status", "too_large", "malformed")) {
                assertThat(exposition).contains("mana_ai_research_call_failures_total{call=\"" + call
                        + "\",reason=\"" + reason + "\",service=\"mana-ai\"} 0.0");
            }
        }
        for (String jobs : List.of("submitted", "completed", "failed")) {
            assertThat(exposition).contains("mana_ai_research_jobs_" + jobs
                    + "_total{provider=\"gemini-deep-research-max\",service=\"mana-ai\"} 0.0");
        }
        for (String table : List.of("notes", "tasks", "events", "journalEntries", "kontextDoc", "other")) {
            assertThat(exposition).contains(
                    "mana_ai_decrypts_total{service=\"mana-ai\",table=\"" + table + "\"} 0.0",
                    "mana_ai_grant_scope_violations_total{service=\"mana-ai\",table=\"" + table + "\"} 0.0");
        }
        for (String severity : List.of("warn", "escalate")) {
            assertThat(exposition).contains("mana_ai_reminders_emitted_total{producer=\"token-budget\","
                    + "service=\"mana-ai\",severity=\"" + severity + "\"} 0.0");
        }
        assertThat(exposition).contains(
                "mana_ai_http_requests_total{method=\"GET\",path=\"/internal/missions/{userId}\",service=\"mana-ai\","
                        + "status=\"200\"} 0.0",
                "mana_ai_http_requests_total{method=\"POST\",path=\"/internal/tick\",service=\"mana-ai\","
                        + "status=\"401\"} 0.0",
                "mana_ai_unexpected_row_counts_total{service=\"mana-ai\",table=\"sync_changes\"} 0.0");
    }

    @Test
    void everySampleCarriesTheServiceLabel() {
        assertThat(exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank()))
                .isNotEmpty().allMatch(line -> line.contains("service=\"mana-ai\""));
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        Promtool.Result checked = Promtool.run(Repository.root(), exposition, "check", "metrics");
        assertThat(checked.exitCode()).as(checked.output()).isZero();
    }

    /** Each metric family's name and type. */
    private static Map<String, String> families() {
        Map<String, String> families = new TreeMap<>();
        Matcher type = TYPE.matcher(exposition);
        while (type.find()) {
            families.put(type.group(1), type.group(2));
        }
        return families;
    }

    /** The {@code le} values of one series of a histogram, in the order exposed. */
    private static List<String> buckets(String histogram, String labels) {
        Pattern bucket = Pattern.compile("^" + Pattern.quote(histogram + "_bucket{" + labels + ",le=\"")
                + "([^\"]+)\"}", Pattern.MULTILINE);
        return bucket.matcher(exposition).results().map(m -> m.group(1)).toList();
    }
}
