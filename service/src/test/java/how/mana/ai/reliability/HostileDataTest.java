package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import how.mana.ai.tick.TickStats;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile rows in {@code sync_changes} next to good missions, one tick through the real wiring: rows of the wrong
 * shape are skipped with a logged reason and counted, missions of the wrong shape are skipped with a logged reason,
 * valid-but-unusual data (unicode, control characters, emoji, SQL-looking ids, unparsable timestamps, a null
 * cadence, a 10 MB concept) is planned, and every good mission is planned regardless (SPEC §9).
 */
class HostileDataTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String USER = "user-1";
    /** Text with control characters, bidi overrides, zero-width joiners, emoji, combining marks and quotes. */
    private static final String ODD_TEXT = "Tab\there\u0001\u0007\u001b[31m \r\nCR-LF \u007f del \u2028 ls \u202eRTL"
            + " \u200d👩‍👩‍👧 e\u0301 ẞ 中文 \"quoted\" 'single' \\ back ```fence``` ${x} {{y}}";
    private static final String SQL_USER = "o'brien\"; DROP TABLE sync_changes; --";
    private static final String SQL_MISSION = "1' OR '1'='1'; DELETE FROM mana_ai.run_slots; --";

    private static FakeLlm llm;

    @BeforeAll
    static void startLlm() throws Exception {
        llm = FakeLlm.planningEverything();
    }

    @AfterAll
    static void stopLlm() {
        llm.close();
    }

    @Test
    void badRowsAndMissionsAreSkippedWithAReasonAndEveryOtherMissionIsPlanned() throws Exception {
        MissionSeed.reset(db);
        List<String> good = List.of("good-1", "good-2", "good-3");
        for (String id : good) {
            MissionSeed.insert(db, USER, id, MissionSeed.dueMission(USER, id, "Title " + id));
        }
        db.insertMissionChange(USER, "data-array", "insert", "[1, 2, 3]", null, null);
        db.insertMissionChange(USER, "data-string", "insert", "\"just a string\"", null, null);
        Map<String, String> wrongShapes = Map.of(
                "title-number", "{\"title\": 123}",
                "iterations-string", "{\"iterations\": \"x\"}",
                "inputs-object", "{\"inputs\": {}}");
        for (var shape : wrongShapes.entrySet()) {
            ObjectNode mission = MissionSeed.dueMission(USER, shape.getKey(), "t");
            mission.setAll((ObjectNode) MissionSeed.JSON.readTree(shape.getValue()));
            MissionSeed.insert(db, USER, shape.getKey(), mission);
        }
        ObjectNode nullCadence = MissionSeed.dueMission(USER, "cadence-null", "Null cadence");
        nullCadence.putNull("cadence");
        MissionSeed.insert(db, USER, "cadence-null", nullCadence);
        ObjectNode badTimes = MissionSeed.dueMission(USER, "bad-timestamps", "Bad timestamps");
        badTimes.put("createdAt", "yesterday").put("updatedAt", "31.02.2026 25:61");
        MissionSeed.insert(db, USER, "bad-timestamps", badTimes);
        db.insertMissionChange(USER, "bad-timestamps", "update", "{\"objective\":\"neues Ziel\"}",
                "{\"objective\":\"not-a-time\"}", null);
        ObjectNode huge = MissionSeed.dueMission(USER, "huge", "Huge mission");
        huge.put("conceptMarkdown", "Lorem ipsum dolor sit amet. ".repeat(10 * 1024 * 1024 / 28));
        MissionSeed.insert(db, USER, "huge", huge);
        ObjectNode odd = MissionSeed.dueMission(SQL_USER, SQL_MISSION, "Odd " + ODD_TEXT);
        odd.put("conceptMarkdown", "Concept " + ODD_TEXT).put("objective", "Objective " + ODD_TEXT);
        ObjectNode oddIteration = odd.withArray("iterations").addObject();
        oddIteration.put("id", "it-" + ODD_TEXT).put("startedAt", "2026-01-01T00:00:00.000Z")
                .put("summary", "Summary " + ODD_TEXT).put("userFeedback", "Feedback " + ODD_TEXT)
                .put("overallStatus", "rejected");
        oddIteration.putArray("plan").addObject().put("id", "s-0").put("summary", "Step " + ODD_TEXT)
                .put("status", "rejected");
        MissionSeed.insert(db, SQL_USER, SQL_MISSION, odd);

        TickStats stats;
        try (LogCapture logs = new LogCapture();
             InProcessService service = InProcessService.open(ServiceEnv.inProcess(db, llm.url()))) {
            stats = service.tick().run();

            for (String id : wrongShapes.keySet()) {
                assertThat(logs.linesWith("due mission skipped", "mission", id)).as(id).singleElement()
                        .asString().contains("reason=");
            }
            for (String id : List.of("data-array", "data-string")) {
                assertThat(logs.linesWith("malformed mission row skipped", "mission", id)).as(id).singleElement()
                        .asString().contains("reason=");
            }
        }

        assertThat(stats.skippedMissions()).isEqualTo(3);
        assertThat(stats.malformedRows()).isEqualTo(2);
        Map<String, JsonNode> written = writtenIterationsByMission();
        assertThat(written).containsKeys("good-1", "good-2", "good-3", "cadence-null", "bad-timestamps",
                SQL_USER + "/" + SQL_MISSION);
        assertThat(written).doesNotContainKeys("title-number", "iterations-string", "inputs-object",
                "data-array", "data-string");
        assertThat(written.containsKey("huge") || stats.errors().stream().anyMatch(e -> e.startsWith("mission=huge")))
                .as("the 10 MB mission is planned or counted as failed, %s", stats.errors()).isTrue();
        assertThat(stats.errors()).allMatch(e -> e.startsWith("mission=huge"));
        assertThat(nextRunAtWritten("cadence-null").isNull()).as("nextRunAt written as JSON null").isTrue();
        assertOddTextRoundTrips(written.get(SQL_USER + "/" + SQL_MISSION));
    }

    private static void assertOddTextRoundTrips(JsonNode iterations) throws Exception {
        String prompt = llm.userMessageContaining("Odd ");
        assertThat(PromptLiterals.decodedTexts(prompt)).contains("Odd " + ODD_TEXT, "Concept " + ODD_TEXT,
                "Objective " + ODD_TEXT, "Summary " + ODD_TEXT, "Feedback " + ODD_TEXT, "Step " + ODD_TEXT);
        JsonNode kept = iterations.get(0);
        assertThat(kept.get("id").asText()).isEqualTo("it-" + ODD_TEXT);
        assertThat(kept.get("summary").asText()).isEqualTo("Summary " + ODD_TEXT);
        assertThat(kept.get("userFeedback").asText()).isEqualTo("Feedback " + ODD_TEXT);
        assertThat(kept.get("plan").get(0).get("summary").asText()).isEqualTo("Step " + ODD_TEXT);
    }

    /** The iterations array each runner row wrote, keyed by mission id ({@code user/mission} for other users). */
    private static Map<String, JsonNode> writtenIterationsByMission() throws Exception {
        Map<String, JsonNode> byMission = new HashMap<>();
        for (Map.Entry<String, JsonNode> row : runnerRows()) {
            byMission.put(row.getKey(), row.getValue().get("iterations"));
        }
        return byMission;
    }

    private static JsonNode nextRunAtWritten(String missionId) throws Exception {
        return runnerRows().stream().filter(r -> r.getKey().equals(missionId)).findFirst().orElseThrow()
                .getValue().get("nextRunAt");
    }

    private static List<Map.Entry<String, JsonNode>> runnerRows() throws Exception {
        List<Map.Entry<String, JsonNode>> rows = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT user_id, record_id, data::text FROM sync_changes WHERE client_id = 'mana-ai-runner'")) {
            while (rs.next()) {
                String key = USER.equals(rs.getString(1)) ? rs.getString(2) : rs.getString(1) + "/" + rs.getString(2);
                rows.add(Map.entry(key, MissionSeed.JSON.readTree(rs.getString(3))));
            }
        }
        return rows;
    }
}
