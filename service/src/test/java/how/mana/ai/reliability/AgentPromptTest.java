package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.testing.Reply;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What of an agent reaches the model, with the whole service as {@code serve} wires it (tool-calling planner, the
 * least-privileged role): a plaintext persona and memory end the system message of every round; the budget reminder
 * starts from the usage the claim read and joins the round after the run crossed three quarters of the budget; the
 * tokens recorded are counted per agent. An agent's encrypted persona and memory, markers planted in them, appear
 * nowhere: not in any request, not in the log at any level, not in the tick stats, {@code /internal/missions} or
 * {@code /metrics}.
 */
class AgentPromptTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.of(SyncGeneration.TWO);
    private static final String PERSONA = "Sprich Spanisch mit mir, kurz und freundlich.";
    private static final String MEMORY = "Ben fährt im September nach Valencia.";
    private static final List<String> SEALED = List.of("sealedPersona7b3f", "sealedMemory2a9c");

    @Test
    void personaMemoryAndBudgetReachTheModelAndCiphertextNothing() throws Exception {
        agent("coach", MissionSeed.JSON.createObjectNode().put("name", "Coach").put("systemPrompt", PERSONA)
                .put("memory", MEMORY).put("maxTokensPerDay", 1000));
        agent("vault", MissionSeed.JSON.createObjectNode().put("name", "Vault")
                .put("systemPrompt", "enc:1:cGVyc29uYQ." + SEALED.get(0)).put("memory", "enc:1:bWVt." + SEALED.get(1)));
        mission("m-coach", "Spanisch lernen", "coach");
        mission("m-vault", "Steuer", "vault");
        mission("m-legacy", "Keller", null);
        usedEarlier("coach", 600);

        List<String> emitted = new ArrayList<>();
        List<String> logLines;
        List<ChatRequest> requests;
        // The coach's run spends 200 tokens in round 1 (600 + 200 = 80 % of 1000); every other turn ends its run.
        try (FakeLlm llm = FakeLlm.start(request -> request.userMessage().orElse("").contains("Spanisch")
                && request.assistantTurns() == 0
                ? Reply.turn(AssistantTurn.calling("Vokabeln.", List.of(FakeLlm.ONE_STEP_CALL)).withUsage(150, 50))
                : Reply.turn(AssistantTurn.saying("Fertig.").withUsage(100, 20)));
             LogCapture logs = new LogCapture()) {
            try (RunningService service = RunningService.start(ServiceEnv.inProcess(db, llm.url()))) {
                var tick = service.tick(ServiceEnv.KEY);
                assertThat(tick.statusCode()).isEqualTo(200);
                assertThat(MissionSeed.JSON.readTree(tick.body()).get("plansWrittenBack").asInt()).isEqualTo(3);
                emitted.add(tick.body());
                emitted.add(service.send("GET", "/internal/missions/ben", ServiceEnv.KEY).body());
                String metrics = service.get("/metrics").body();
                emitted.add(metrics);
                assertThat(metrics)
                        .contains("mana_ai_reminders_emitted_total{producer=\"token-budget\",service=\"mana-ai\","
                                + "severity=\"warn\"} 1.0")
                        .contains("mana_ai_reminders_emitted_total{producer=\"token-budget\",service=\"mana-ai\","
                                + "severity=\"escalate\"} 0.0")
                        .contains("mana_ai_tokens_used_total{agent_id=\"coach\",service=\"mana-ai\"} 320.0")
                        .contains("mana_ai_tokens_used_total{agent_id=\"vault\",service=\"mana-ai\"} 120.0")
                        .doesNotContain("agent_id=\"legacy");
            }
            requests = llm.requests();
            logLines = logs.lines();
        }

        List<ChatRequest> coach = conversation(requests, "Spanisch lernen");
        assertThat(coach).hasSize(2).allSatisfy(request -> assertThat(request.systemMessage().orElseThrow()).endsWith(
                "\n\n<agent_persona>\n\"" + PERSONA + "\"\n</agent_persona>\n\n<agent_memory>\n\"" + MEMORY
                        + "\"\n</agent_memory>"));
        assertThat(coach.get(0).messages()).as("60 % before the run: no reminder").hasSize(2);
        assertThat(coach.get(1).messages().getLast().path("content").asText()).isEqualTo("<reminder>Token-Budget:"
                + " Der Agent \"Coach\" hat in den letzten 24 Stunden 800 von 1000 Tokens verbraucht (80 %). Plane"
                + " sparsam und fasse bald zusammen.</reminder>");
        for (String other : List.of("Steuer", "Keller")) {
            assertThat(conversation(requests, other)).singleElement().satisfies(request -> {
                assertThat(request.systemMessage().orElseThrow()).doesNotContain("<agent_");
                assertThat(request.messages()).hasSize(2);
            });
        }
        assertThat(usageOf("coach")).as("recorded once: 200 + 120").isEqualTo(320);

        emitted.addAll(requests.stream().map(request -> request.body().toString()).toList());
        emitted.addAll(logLines);
        String everything = String.join("\n", emitted);
        for (String marker : SEALED) {
            assertThat(everything).as("output holding " + marker).doesNotContain(marker);
        }
        assertThat(logLines.stream().filter(line -> !line.startsWith("DEBUG") && !line.startsWith("TRACE")))
                .as("the log at INFO and above never quotes a persona or memory")
                .noneMatch(line -> line.contains(PERSONA) || line.contains(MEMORY));
    }

    /** The requests of the run of the mission titled {@code title}, in order. */
    private static List<ChatRequest> conversation(List<ChatRequest> requests, String title) {
        return requests.stream().filter(r -> r.userMessage().orElse("").contains("\"" + title + "\"")).toList();
    }

    private static void agent(String id, ObjectNode record) throws SQLException {
        db.insertChange("ben", "ai", "agents", id, "insert", record.toString(), null, null);
    }

    private static void mission(String id, String title, String agentId) throws SQLException {
        ObjectNode mission = MissionSeed.dueMission("ben", id, title);
        if (agentId != null) {
            mission.put("agentId", agentId);
        }
        MissionSeed.insert(db, "ben", id, mission);
    }

    /** Usage of an earlier run an hour ago, inside the 24-hour window. */
    private static void usedEarlier(String agentId, int tokens) throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mana_ai.token_usage (user_id, agent_id, mission_id, tokens_used, ts)
                VALUES ('ben', ?, 'earlier', ?, now() - interval '1 hour')""")) {
            ps.setString(1, agentId);
            ps.setInt(2, tokens);
            ps.executeUpdate();
        }
    }

    private static long usageOf(String agentId) throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT coalesce(sum(tokens_used), 0) FROM mana_ai.token_usage
                 WHERE user_id = 'ben' AND agent_id = ? AND mission_id <> 'earlier'""")) {
            ps.setString(1, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
