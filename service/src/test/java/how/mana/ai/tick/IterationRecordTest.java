package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.sync.SyncGeneration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IterationRecordTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final UUID ID = UUID.fromString("0b9e6f2a-8d2c-4c59-9a57-3f1a1c2d4e5f");
    private static final Instant STARTED = Instant.parse("2026-04-15T06:00:00.123456Z");
    private static final Instant FINISHED = Instant.parse("2026-04-15T06:00:02Z");

    @Test
    void plannedIterationHasTheExactShapeOfSpecSection6() throws Exception {
        ObjectNode params = (ObjectNode) MAPPER.readTree("{\"title\":\"Lauf 5 km\",\"dueDate\":\"2026-04-16\"}");
        Plan plan = new Plan("Woche planen", List.of(
                new PlannedStep("create_task", params, "Lauf eintragen", "Du wolltest dreimal laufen."),
                new PlannedStep("create_event", (ObjectNode) MAPPER.readTree("{\"title\":\"Lauf\",\"startIso\":\"x\"}"),
                        "", "Termin blocken")));

        ObjectNode iteration = IterationRecord.planned(ID, plan, STARTED, FINISHED);

        JsonNode expected = MAPPER.readTree("""
                {"id":"0b9e6f2a-8d2c-4c59-9a57-3f1a1c2d4e5f",
                 "startedAt":"2026-04-15T06:00:00.123Z","finishedAt":"2026-04-15T06:00:02.000Z",
                 "plan":[
                   {"id":"0b9e6f2a-8d2c-4c59-9a57-3f1a1c2d4e5f-0","summary":"Lauf eintragen",
                    "intent":{"kind":"toolCall","toolName":"create_task",
                              "params":{"title":"Lauf 5 km","dueDate":"2026-04-16"}},
                    "rationale":"Du wolltest dreimal laufen.","status":"planned"},
                   {"id":"0b9e6f2a-8d2c-4c59-9a57-3f1a1c2d4e5f-1","summary":"",
                    "intent":{"kind":"toolCall","toolName":"create_event",
                              "params":{"title":"Lauf","startIso":"x"}},
                    "rationale":"Termin blocken","status":"planned"}],
                 "summary":"Woche planen","overallStatus":"awaiting-review","source":"server"}""");
        assertThat(iteration).isEqualTo(expected);
    }

    @Test
    void anEmptyPlanIsApproved() {
        ObjectNode iteration = IterationRecord.planned(ID, new Plan("nichts zu tun", List.of()), STARTED, FINISHED);
        assertThat(iteration.get("overallStatus").asText()).isEqualTo("approved");
        assertThat(iteration.get("plan")).isEmpty();
    }

    @Test
    void failedIterationCarriesTheShortReason() {
        ObjectNode iteration = IterationRecord.failed(ID, "llm failure: timeout", STARTED, FINISHED);
        assertThat(iteration.get("overallStatus").asText()).isEqualTo("failed");
        assertThat(iteration.get("summary").asText()).isEqualTo("planner failed: llm failure: timeout");
        assertThat(iteration.get("plan")).isEmpty();
        assertThat(iteration.get("source").asText()).isEqualTo("server");
    }

    @Test
    void rowDataAppendsToTheCurrentIterationsAndKeepsOddEntriesUnchanged() throws Exception {
        ArrayNode current = (ArrayNode) MAPPER.readTree("[{\"id\":\"old\",\"plan\":[]}, 42, \"text\", {\"noPlan\":true}]");
        ObjectNode iteration = IterationRecord.failed(ID, "x", STARTED, FINISHED);
        Instant now = Instant.parse("2026-04-15T06:00:02.5Z");

        ObjectNode data = IterationRecord.rowData(SyncGeneration.ONE, current, iteration, Optional.of(Instant.parse("2026-04-16T06:00:00Z")), now);

        assertThat(data.get("iterations")).hasSize(5);
        assertThat(data.get("iterations").get(1).asInt()).isEqualTo(42);
        assertThat(data.get("iterations").get(3)).isEqualTo(current.get(3));
        assertThat(data.get("iterations").get(4)).isEqualTo(iteration);
        assertThat(data.get("nextRunAt").asText()).isEqualTo("2026-04-16T06:00:00.000Z");
        assertThat(data.get("updatedAt").asText()).isEqualTo("2026-04-15T06:00:02.500Z");
        assertThat(current).as("the mission's own array is not modified").hasSize(4);
    }

    @Test
    void rowDataWritesAnExplicitNullWhenNothingIsScheduled() {
        ObjectNode data = IterationRecord.rowData(SyncGeneration.TWO, MAPPER.createArrayNode(),
                IterationRecord.failed(ID, "x", STARTED, FINISHED), Optional.empty(), FINISHED);
        assertThat(data.has("nextRunAt")).isTrue();
        assertThat(data.get("nextRunAt").isNull()).isTrue();
    }

    @Test
    void aGenerationTwoRowCarriesNoUpdatedAt() {
        ObjectNode data = IterationRecord.rowData(SyncGeneration.TWO, MAPPER.createArrayNode(),
                IterationRecord.failed(ID, "x", STARTED, FINISHED), Optional.of(FINISHED), FINISHED);
        assertThat(data.properties()).extracting(Map.Entry::getKey).containsExactly("iterations", "nextRunAt");
    }

    @Test
    void stampsCoverExactlyTheWrittenFieldsOfEitherGeneration() {
        Instant now = Instant.parse("2026-04-15T06:00:00Z");
        for (SyncGeneration generation : SyncGeneration.values()) {
            ObjectNode data = IterationRecord.rowData(generation, MAPPER.createArrayNode(),
                    IterationRecord.failed(ID, "x", STARTED, FINISHED), Optional.empty(), now);
            ObjectNode stamps = IterationRecord.stamps(data, now);
            assertThat(stamps.properties()).as(generation.name()).extracting(Map.Entry::getKey)
                    .containsExactlyElementsOf(() -> data.fieldNames());
            assertThat(stamps.properties()).extracting(e -> e.getValue().asText())
                    .containsOnly("2026-04-15T06:00:00.000Z");
        }
        assertThat(IterationRecord.stamps(IterationRecord.rowData(SyncGeneration.ONE, MAPPER.createArrayNode(),
                IterationRecord.failed(ID, "x", STARTED, FINISHED), Optional.empty(), now), now).properties())
                .extracting(Map.Entry::getKey).containsExactly("iterations", "nextRunAt", "updatedAt");
    }

    @Test
    void containsFindsAnIterationByIdOnly() throws Exception {
        ArrayNode iterations = (ArrayNode) MAPPER.readTree("[7, {\"plan\":[]}, {\"id\":\"" + ID + "\"}]");
        assertThat(IterationRecord.contains(iterations, ID)).isTrue();
        assertThat(IterationRecord.contains(iterations, UUID.randomUUID())).isFalse();
    }
}
