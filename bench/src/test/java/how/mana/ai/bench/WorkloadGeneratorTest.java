package how.mana.ai.bench;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.db.MissionRowIndex;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.mission.Mission;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordFold;
import how.mana.ai.sync.SyncRow;
import how.mana.ai.sync.SyncRowReader;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkloadGeneratorTest {
    private static final Instant ANCHOR = Instant.parse("2026-11-25T12:00:00Z");
    private static final WorkloadSpec SPEC = new WorkloadSpec(42, 20, 10, 6, 0.2, 2, ANCHOR);

    @RegisterExtension
    static final ManaSyncDatabase first = new ManaSyncDatabase();
    @RegisterExtension
    static final ManaSyncDatabase again = new ManaSyncDatabase();
    @RegisterExtension
    static final ManaSyncDatabase otherSeed = new ManaSyncDatabase();

    @BeforeAll
    static void load() throws Exception {
        new WorkloadGenerator(first.admin(), SPEC, 2).load();
        new WorkloadGenerator(again.admin(), SPEC, 1).load();
        new WorkloadGenerator(otherSeed.admin(), new WorkloadSpec(43, 20, 10, 6, 0.2, 2, ANCHOR), 2).load();
    }

    @Test
    void theSameSpecGivesTheSameRowsAndAnotherSeedOthers() throws SQLException {
        String rows = fingerprint(first.admin());

        assertThat(fingerprint(again.admin())).isEqualTo(rows);
        assertThat(fingerprint(otherSeed.admin())).isNotEqualTo(rows);
    }

    @Test
    void rowCountsFollowTheSpec() throws SQLException {
        DataSource db = first.admin();
        assertThat(count(db, "app_id = 'ai' AND table_name = 'aiMissions'")).isEqualTo(SPEC.missionRows());
        assertThat(count(db, "app_id <> 'ai'")).isEqualTo(SPEC.otherRows());
        assertThat(count(db, "app_id = 'ai' AND op = 'insert'")).isEqualTo(SPEC.missions());
        assertThat(count(db, "app_id = 'ai' AND op = 'delete'")).isBetween(1L, SPEC.missions() / 10);
        assertThat(count(db, "app_id <> 'ai' AND data::text LIKE '%enc:1:%'")).isEqualTo(SPEC.otherRows());
        assertThat(count(db, "created_at >= '" + ANCHOR + "'")).isZero();
        assertThat(query(db, "SELECT count(DISTINCT user_id) FROM sync_changes WHERE app_id <> 'ai'"))
                .isEqualTo(SPEC.users());
    }

    @Test
    void updatesCarryFieldTimestampsSomeStaleSomeTied() throws SQLException {
        DataSource db = first.admin();
        String updates = "app_id = 'ai' AND op = 'update'";
        assertThat(count(db, updates + " AND field_timestamps = '{}'::jsonb")).isZero();
        long stale = count(db, updates + " AND (field_timestamps->>'updatedAt')::timestamptz < created_at - interval '1 day'");
        long tied = count(db, updates + " AND (field_timestamps->>'updatedAt')::timestamptz < created_at"
                + " AND (field_timestamps->>'updatedAt')::timestamptz >= created_at - interval '1 day'");
        assertThat(stale).isPositive();
        assertThat(tied).isPositive();
    }

    @Test
    void theDueFractionIsTheShareOfActiveMissionsDue() throws SQLException {
        DataSource db = first.admin();
        long active = query(db, "SELECT count(*) FROM bench.missions WHERE state = 'active' AND NOT deleted");
        long due = query(db, "SELECT count(*) FROM bench.missions WHERE due AND next_run_at < '" + ANCHOR + "'");

        assertThat((double) due / active).isBetween(0.1, 0.3);
        assertThat(query(db, "SELECT count(*) FROM bench.missions WHERE NOT due AND next_run_at < '" + ANCHOR + "'"))
                .isZero();
    }

    @Test
    void foldingEachMissionsRowsGivesTheWinnersTheWorkloadIntended() throws SQLException {
        Map<String, RecordFold> folds = new HashMap<>();
        Map<String, Intended> intended = new HashMap<>();
        try (Connection c = first.admin().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT " + SyncRowReader.columns(first.syncTable(), "c")
                    + " FROM sync_changes c WHERE c.app_id = 'ai' AND c.table_name = 'aiMissions' ORDER BY random()")) {
                while (rs.next()) {
                    SyncRow row = SyncRowReader.read(rs);
                    folds.computeIfAbsent(row.userId() + "/" + row.recordId(), k -> new RecordFold()).add(row);
                }
            }
            try (ResultSet rs = s.executeQuery(
                    "SELECT user_id, mission_id, state, deleted, due, next_run_at FROM bench.missions")) {
                while (rs.next()) {
                    Timestamp next = rs.getTimestamp(6);
                    intended.put(rs.getString(1) + "/" + rs.getString(2), new Intended(rs.getString(3),
                            rs.getBoolean(4), rs.getBoolean(5),
                            Optional.ofNullable(next).map(t -> IsoTime.format(t.toInstant()))));
                }
            }
        }

        assertThat(folds.keySet()).isEqualTo(intended.keySet());
        long due = 0;
        for (var entry : folds.entrySet()) {
            RecordFold fold = entry.getValue();
            Intended want = intended.get(entry.getKey());
            String[] key = entry.getKey().split("/");
            FoldedRecord folded = fold.state().current();
            Mission mission = ((Mission.Valid) Mission.from(key[0], key[1], folded.record(), folded.deleted()))
                    .mission();
            assertThat(fold.malformed()).isEmpty();
            assertThat(fold.rowsFolded()).isEqualTo(SPEC.rowsPerMission());
            assertThat(mission.deleted()).as(entry.getKey()).isEqualTo(want.deleted());
            if (!want.deleted()) {
                assertThat(mission.state()).as(entry.getKey()).isEqualTo(want.state());
                assertThat(mission.nextRunAtText()).as(entry.getKey()).isEqualTo(want.nextRunAt());
            }
            assertThat(mission.isDueAt(ANCHOR)).as(entry.getKey()).isEqualTo(want.due());
            due += mission.isDueAt(ANCHOR) ? 1 : 0;
        }
        assertThat(due).isPositive();
    }

    private record Intended(String state, boolean deleted, boolean due, Optional<String> nextRunAt) {
    }

    @Test
    void theTablesIndexesAreBackAfterTheLoad() throws SQLException {
        // mana-sync's primary key and three indexes, and the mission-row index `migrate` added.
        assertThat(query(first.admin(), "SELECT count(*) FROM pg_indexes WHERE tablename = 'sync_changes'"))
                .isEqualTo(5);
        assertThat(query(first.admin(), "SELECT count(*) FROM pg_indexes WHERE tablename = 'sync_changes'"
                + " AND indexname = '" + MissionRowIndex.NAME + "'")).isEqualTo(1);
    }

    private static String fingerprint(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*) || ':' || md5(string_agg(concat_ws('|', id, app_id, table_name, record_id, user_id,
                            op, data::text, field_timestamps::text, client_id, created_at), ',' ORDER BY id))
                       FROM sync_changes""")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static long count(DataSource db, String where) throws SQLException {
        return query(db, "SELECT count(*) FROM sync_changes WHERE " + where);
    }

    private static long query(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
