package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Reply;
import how.mana.ai.tick.TickStats;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service's own tick, wired as {@code serve} and {@code tick} wire it, against the real database as the
 * least-privileged role and a fake OpenAI-compatible server: the prompt it sends and the iteration it writes.
 */
class ClosedLoopTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The model's first turn: one call and why; its second, once the call is stored, the summary. */
    private static final Reply CALL = Reply.calls("Du läufst montags nie; Dienstag passt.", new AssistantTurn.Call(
            "call_1", "create_task", "{\"title\":\"Lauf 8 km\",\"dueDate\":\"2026-04-21\",\"priority\":\"high\"}"));
    private static final Reply DONE = Reply.answer("Drei Läufe");

    private FakeLlm llm;
    private Services services;

    @BeforeEach
    void start() throws Exception {
        llm = FakeLlm.start();
        services = Services.open(Config.from(Map.of(
                "SYNC_DATABASE_URL", db.serviceJdbcUrl(),
                "MANA_LLM_URL", llm.url().toString(),
                "MANA_SERVICE_KEY", "closed-loop-key",
                "MANA_AI_DB_POOL_SIZE", "3")));
        Wiring.prepareDatabase(services);
    }

    @AfterEach
    void stop() {
        services.close();
        llm.close();
    }

    @Test
    void aDueMissionWithGoalInputsIsPlannedFromItsGoalAndLastIterationsAndWrittenBackOnce() throws Exception {
        Instant due = Instant.now().minus(Duration.ofMinutes(10));
        db.insertChange("anna", "companion", "goals", "g-run", "insert",
                "{\"id\":\"g-run\",\"title\":\"Halbmarathon\",\"currentValue\":12,\"target\":{\"value\":40},"
                        + "\"period\":\"week\"}", null, null);
        db.insertChange("ben", "companion", "goals", "g-run", "insert",
                "{\"id\":\"g-run\",\"title\":\"Bens geheimes Ziel\",\"currentValue\":1}", null, null);
        db.insertMissionChange("anna", "m-week", "insert", """
                {"id":"m-week","title":"Wochenplan","conceptMarkdown":"Training planen","objective":"3 Läufe",
                 "state":"active","nextRunAt":"%s","cadence":{"kind":"daily","atHour":6,"atMinute":0},
                 "inputs":[{"module":"goals","table":"goals","id":"g-run"},
                           {"module":"notes","table":"notes","id":"n-1"}],
                 "iterations":[
                   {"id":"it-1","plan":[],"overallStatus":"approved","summary":"erste Runde"},
                   {"id":"it-2","plan":[],"overallStatus":"approved","summary":"zweite Runde"},
                   {"id":"it-3","plan":[{"id":"s","status":"rejected","summary":"Montag laufen"}],
                    "overallStatus":"rejected","summary":"dritte Runde","userFeedback":"Montags nie"},
                   {"id":"it-4","plan":[],"overallStatus":"approved","summary":"vierte Runde"}]}"""
                .formatted(IsoTime.format(due)), null, null);
        db.insertChange("anna", "notes", "notes", "n-1", "insert", "{\"title\":\"enc:U2VjcmV0\"}", null, null);
        llm.enqueue(CALL, DONE);

        TickStats stats = Wiring.tick(services).run();

        assertThat(stats.plansWrittenBack()).as(stats.toString()).isEqualTo(1);
        assertThat(llm.requestCount()).as("a round with the call, a round to close").isEqualTo(2);
        ChatRequest request = llm.requests().getFirst();
        assertThat(request.header("Authorization")).isEqualTo("Bearer closed-loop-key");
        assertThat(request.body().get("model").asText()).isEqualTo("mana/reasoning");
        assertThat(request.body().get("tool_choice").asText()).isEqualTo("auto");
        assertThat(request.body().get("tools")).as("the current catalog").hasSize(62);
        assertThat(llm.requests().get(1).body().get("messages").get(3).toString())
                .as("the call's tool message").contains("\\\"success\\\":true");
        String prompt = request.body().get("messages").toString();
        assertThat(prompt).contains("12 / 40 (week)", "Halbmarathon", "zweite Runde", "dritte Runde", "vierte Runde",
                "Montags nie");
        assertThat(prompt).as("only the last three iterations").doesNotContain("erste Runde");
        assertThat(prompt).as("no ciphertext, no other user's goal").doesNotContain("enc:", "Bens geheimes Ziel");

        List<JsonNode> written = runnerRowsData();
        assertThat(written).hasSize(1);
        JsonNode iteration = written.getFirst().get("iterations").get(4);
        assertThat(iteration.get("summary").asText()).isEqualTo("Drei Läufe");
        assertThat(iteration.get("plan").get(0).get("intent").get("params").get("title").asText()).isEqualTo("Lauf 8 km");
        assertThat(iteration.get("plan").get(0).get("rationale").asText()).contains("Dienstag");
        Instant next = Instant.parse(written.getFirst().get("nextRunAt").asText());
        assertThat(next).isAfter(Instant.now()).isBefore(Instant.now().plus(Duration.ofHours(25)));

        TickStats again = Wiring.tick(services).run();
        assertThat(again.dueMissionCount()).isZero();
        assertThat(runnerRowsData()).hasSize(1);
        assertThat(llm.requestCount()).isEqualTo(2);
    }

    private static List<JsonNode> runnerRowsData() throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT data::text FROM sync_changes WHERE client_id = 'mana-ai-runner' ORDER BY created_at");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(JSON.readTree(rs.getString(1)));
            }
        }
        return rows;
    }
}
