package how.mana.ai.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.runs.SlotKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * What must hold after a run with many writers and replicas, read past RLS as administrator from the final
 * snapshot (refreshed after the services stopped), the slot table and the runner's own rows.
 */
final class SoakInvariants {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The figures and every violation found (empty when all hold). */
    record Result(int missions, int doneOrFailedSlots, int supersededSlots, int pendingSlots, int runnerRows,
                  int serverIterations, List<String> violations) {
    }

    private SoakInvariants() {
    }

    /**
     * @param settledFrom when the writers stopped: a mission still active and due at or before this instant was
     *                    left unplanned — lost
     */
    static Result check(DataSource admin, Instant settledFrom) throws SQLException {
        List<String> violations = new ArrayList<>();
        Map<String, JsonNode> missions = missions(admin);
        Map<String, Set<String>> slotIterations = new HashMap<>();
        int doneOrFailed = 0;
        int superseded = 0;
        int pending = 0;
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT user_id, mission_id, slot, status, iteration_id::text FROM mana_ai.run_slots")) {
            while (rs.next()) {
                SlotKey key = new SlotKey(rs.getString(1), rs.getString(2), rs.getString(3));
                String mission = key.userId() + "/" + key.missionId();
                String derived = key.iterationId().toString();
                switch (rs.getString(4)) {
                    case "done", "failed" -> {
                        doneOrFailed++;
                        slotIterations.computeIfAbsent(mission, k -> new HashSet<>()).add(derived);
                        if (!derived.equals(rs.getString(5))) {
                            violations.add(key + ": slot row names iteration " + rs.getString(5));
                        }
                        long found = iterationIds(missions.get(mission)).stream().filter(derived::equals).count();
                        if (found != 1) {
                            violations.add(key + ": " + found + " iterations with the slot's id, expected 1");
                        }
                    }
                    case "superseded" -> superseded++;
                    default -> pending++;
                }
            }
        }
        int serverIterations = 0;
        for (var entry : missions.entrySet()) {
            List<String> ids = iterationIds(entry.getValue());
            if (new HashSet<>(ids).size() != ids.size()) {
                violations.add(entry.getKey() + ": an iteration id appears twice: " + ids);
            }
            for (JsonNode iteration : entry.getValue().path("iterations")) {
                if ("server".equals(iteration.path("source").asText())) {
                    serverIterations++;
                    if (!slotIterations.getOrDefault(entry.getKey(), Set.of())
                            .contains(iteration.path("id").asText())) {
                        violations.add(entry.getKey() + ": server iteration " + iteration.path("id").asText()
                                + " belongs to no finished slot of this mission");
                    }
                }
            }
            if (dueAt(entry.getValue(), settledFrom)) {
                violations.add(entry.getKey() + ": still due since " + entry.getValue().path("nextRunAt").asText()
                        + " — never planned");
            }
        }
        int runnerRows = checkRunnerRows(admin, missions, slotIterations, violations);
        return new Result(missions.size(), doneOrFailed, superseded, pending, runnerRows, serverIterations,
                violations);
    }

    /** Each runner row is for a mission of the same user and carries an iteration of a slot of that mission. */
    private static int checkRunnerRows(DataSource admin, Map<String, JsonNode> missions,
                                       Map<String, Set<String>> slotIterations, List<String> violations)
            throws SQLException {
        int rows = 0;
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT user_id, record_id, data::text FROM sync_changes
                      WHERE client_id = 'mana-ai-runner' ORDER BY created_at""")) {
            while (rs.next()) {
                rows++;
                String mission = rs.getString(1) + "/" + rs.getString(2);
                JsonNode iterations = readJson(rs.getString(3)).path("iterations");
                String newest = iterations.path(iterations.size() - 1).path("id").asText();
                if (!missions.containsKey(mission)) {
                    violations.add("runner row for " + mission + ", which that user does not have");
                } else if (!slotIterations.getOrDefault(mission, Set.of()).contains(newest)) {
                    violations.add("runner row for " + mission + " carries iteration " + newest
                            + " of no finished slot of that user's mission");
                }
            }
        }
        return rows;
    }

    private static boolean dueAt(JsonNode mission, Instant instant) {
        if (!"active".equals(mission.path("state").asText()) || !mission.path("nextRunAt").isTextual()) {
            return false;
        }
        return IsoTime.parse(mission.path("nextRunAt").asText()).map(at -> !at.isAfter(instant)).orElse(false);
    }

    private static List<String> iterationIds(JsonNode mission) {
        List<String> ids = new ArrayList<>();
        if (mission != null) {
            mission.path("iterations").forEach(it -> ids.add(it.path("id").asText()));
        }
        return ids;
    }

    /** Every mission's current record, keyed {@code user/mission}, from the snapshot's stored fields. */
    private static Map<String, JsonNode> missions(DataSource admin) throws SQLException {
        Map<String, JsonNode> missions = new HashMap<>();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     """
                     SELECT m.user_id, m.mission_id,
                            (SELECT jsonb_object_agg(f.field, f.value) FROM mana_ai.mission_fields f
                              WHERE f.user_id = m.user_id AND f.mission_id = m.mission_id)::text
                       FROM mana_ai.mission_snapshots m WHERE NOT m.deleted""")) {
            while (rs.next()) {
                missions.put(rs.getString(1) + "/" + rs.getString(2), readJson(rs.getString(3)));
            }
        }
        return missions;
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("stored JSON does not parse", e);
        }
    }
}
