package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** After a fault: every due slot of the given missions has exactly one iteration, its own, and its slot is done. */
final class SlotCheck {
    private SlotCheck() {
    }

    static void assertEachPlannedExactlyOnce(ManaSyncDatabase db, String userId, List<String> missionIds)
            throws Exception {
        Map<String, List<String>> newIterations = new HashMap<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, record_id, data::text FROM sync_changes"
                     + " WHERE client_id = 'mana-ai-runner'")) {
            while (rs.next()) {
                JsonNode iterations = MissionSeed.JSON.readTree(rs.getString(3)).get("iterations");
                newIterations.computeIfAbsent(rs.getString(1) + "/" + rs.getString(2), k -> new ArrayList<>())
                        .add(iterations.get(iterations.size() - 1).get("id").asText());
            }
        }
        Map<String, String> slots = new HashMap<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, mission_id, slot, status FROM mana_ai.run_slots")) {
            while (rs.next()) {
                SlotKey key = new SlotKey(rs.getString(1), rs.getString(2), rs.getString(3));
                slots.put(key.userId() + "/" + key.missionId(), rs.getString(4) + " " + key.iterationId());
            }
        }
        for (String missionId : missionIds) {
            String mission = userId + "/" + missionId;
            assertThat(newIterations.get(mission)).as("iterations written for " + mission).hasSize(1);
            assertThat(slots.get(mission)).as("slot of " + mission)
                    .isEqualTo("done " + newIterations.get(mission).getFirst());
        }
        assertThat(newIterations.keySet().stream().filter(k -> k.startsWith(userId + "/")))
                .as("missions of " + userId + " with iterations").hasSize(missionIds.size());
    }
}
