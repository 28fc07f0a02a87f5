package how.mana.ai.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.WithUser;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Lists one user's missions from the snapshot. It runs inside {@link WithUser}, so the snapshot's row-level
 * security shows only that user's rows even if the query forgot its filter.
 */
final class UserMissionListing {
    /** What the listing shows for an encrypted title. */
    static final String ENCRYPTED = "(encrypted)";
    private static final String SQL = "SELECT m.mission_id, " + SnapshotStore.recordOf(MissionProjection.KIND, "m")
            + " FROM mana_ai.mission_snapshots m WHERE m.user_id = ? AND NOT m.deleted ORDER BY m.mission_id";

    private final DataSource dataSource;

    UserMissionListing(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    UserMissions of(String userId) throws SQLException {
        return new UserMissions(userId, WithUser.run(dataSource, userId, c -> {
            List<MissionSummary> missions = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SQL)) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FoldedRecord folded = SnapshotStore.record(rs.getString(2));
                        missions.add(summary(rs.getString(1), folded.record()));
                    }
                }
            }
            return missions;
        }));
    }

    static MissionSummary summary(String missionId, ObjectNode record) {
        JsonNode given = record.path("iterations");
        JsonNode iterations = given.isArray() ? given : JsonNodeFactory.instance.arrayNode();
        MissionSummary.LastServerIteration last = null;
        for (int i = iterations.size() - 1; i >= 0; i--) {
            JsonNode it = iterations.get(i);
            if (it.isObject() && "server".equals(text(it.get("source")))) {
                last = new MissionSummary.LastServerIteration(text(it.get("id")), text(it.get("startedAt")),
                        text(it.get("overallStatus")));
                break;
            }
        }
        String title = text(record.get("title"));
        // The operator's view shows no ciphertext either (SPEC §21.2).
        return new MissionSummary(missionId, Ciphertext.contains(title) ? ENCRYPTED : title,
                text(record.get("state")), text(record.get("nextRunAt")), iterations.size(), last, null);
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
