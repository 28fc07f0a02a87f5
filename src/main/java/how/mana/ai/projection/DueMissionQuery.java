package how.mana.ai.projection;

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
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Finds due missions in the snapshot through its partial index on {@code next_run_at} (SPEC §4). */
final class DueMissionQuery {
    private static final Logger log = LoggerFactory.getLogger(DueMissionQuery.class);
    // The predicate repeats the partial index's, so the planner can use it.
    private static final String SQL = """
            SELECT user_id, mission_id, state::text
            FROM mana_ai.mission_snapshots
            WHERE mission_state = 'active' AND NOT deleted AND next_run_at IS NOT NULL AND next_run_at <= ?
            ORDER BY next_run_at, user_id, mission_id
            LIMIT ?""";

    private final DataSource dataSource;

    DueMissionQuery(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** @param limit at most this many candidates are read; null for all */
    DueMissions at(Instant now, Integer limit) throws SQLException {
        List<Mission> due = new ArrayList<>();
        List<Mission.Invalid> skipped = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            ps.setObject(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String userId = rs.getString(1);
                    String missionId = rs.getString(2);
                    FoldedRecord folded = SnapshotStore.decode(rs.getString(3)).current();
                    switch (Mission.from(userId, missionId, folded.record(), folded.deleted())) {
                        case Mission.Valid valid -> due.add(valid.mission());
                        case Mission.Invalid invalid -> {
                            log.atWarn().addKeyValue("user", userId).addKeyValue("mission", missionId)
                                    .addKeyValue("reason", invalid.reason()).log("due mission skipped");
                            skipped.add(invalid);
                        }
                    }
                }
            }
        }
        return new DueMissions(due, skipped);
    }
}
