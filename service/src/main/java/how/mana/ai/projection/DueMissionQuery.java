package how.mana.ai.projection;

import how.mana.ai.db.SlotCondition;
import how.mana.ai.mission.Mission;
import how.mana.ai.sync.FoldedRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Finds due missions in the snapshot through its partial index on {@code next_run_at} (SPEC §4). */
final class DueMissionQuery {
    // The predicate repeats the partial index's, so the planner can use it.
    private static final String DUE = """
            SELECT m.user_id, m.mission_id, %s
            FROM mana_ai.mission_snapshots m
            WHERE m.mission_state = 'active' AND NOT m.deleted AND m.next_run_at IS NOT NULL AND m.next_run_at <= ?
            %s
            ORDER BY m.next_run_at, m.user_id, m.mission_id
            LIMIT ?""";

    private final DataSource dataSource;

    DueMissionQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * @param limit   at most this many candidates are read; null for all
     * @param exclude leaves out missions whose current slot meets it — the slots that cannot be claimed now, so they
     *                neither take the places of workable missions under a limit nor cost memory while they wait
     */
    DueMissions at(Instant now, Integer limit, Optional<SlotCondition> exclude) throws SQLException {
        List<Mission> due = new ArrayList<>();
        List<Mission.Invalid> skipped = new ArrayList<>();
        String sql = DUE.formatted(SnapshotStore.recordOf(MissionProjection.KIND, "m"), exclude
                .map(condition -> "AND NOT " + condition.sql("m.user_id", "m.mission_id", "m.next_run_at_text"))
                .orElse(""));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setObject(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String userId = rs.getString(1);
                    String missionId = rs.getString(2);
                    FoldedRecord folded = SnapshotStore.record(rs.getString(3));
                    switch (Mission.from(userId, missionId, folded.record(), folded.deleted())) {
                        case Mission.Valid valid -> due.add(valid.mission());
                        case Mission.Invalid invalid -> skipped.add(invalid);
                    }
                }
            }
        }
        return new DueMissions(due, skipped);
    }
}
