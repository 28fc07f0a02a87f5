package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import how.mana.ai.sync.RecordState;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incremental refreshes never miss a row — not even one whose transaction commits after a refresh although its
 * created_at is earlier — and give exactly what a rebuild from scratch gives.
 */
class SnapshotRefreshTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void aTransactionOpenAcrossARefreshIsFoldedInByTheNextOne() throws Exception {
        MissionProjection projection = db.projection();
        // created_at = the start of this transaction, before everything below.
        try (Connection late = db.openMissionInsert("u-late", "late", "{\"title\":\"late\"}")) {
            db.insertMissionChange("u-late", "early", "insert", "{\"title\":\"committed after, seen first\"}",
                    null, null);

            RefreshResult during = projection.refresh();
            assertThat(during.recordsUpdated()).isEqualTo(1);
            assertThat(titles("u-late")).containsExactly("committed after, seen first");

            late.commit();
        }

        projection.refresh();

        assertThat(titles("u-late")).containsExactlyInAnyOrder("committed after, seen first", "late");
    }

    @Test
    void rowsTheLastRefreshFoldedAreReadAgainButNotFoldedAgain() throws Exception {
        MissionProjection projection = db.projection();
        projection.refresh();
        try (Connection open = db.admin().getConnection()) {
            // An open transaction holds the watermark before the rows below, so every refresh reads them again.
            open.setAutoCommit(false);
            try (Statement s = open.createStatement()) {
                s.execute("SELECT 1");
            }
            db.insertMissionChange("u-again", "m-again", "insert", "{\"title\":\"first\"}", null, null);

            RefreshResult first = projection.refresh();
            RefreshResult again = projection.refresh();
            db.insertMissionChange("u-again", "m-again", "update", "{\"title\":\"second\"}",
                    "{\"title\":\"2030-01-01T00:00:00.000Z\"}", null);
            RefreshResult withNew = projection.refresh();
            RefreshResult elsewhere = db.projection().refresh();

            // Other tests' recent rows may be read too: the counts are compared, not fixed.
            assertThat(first.rowsFolded()).isPositive();
            assertThat(again.rowsRead()).as("read again").isPositive();
            assertThat(again.rowsFolded()).as("not folded again").isZero();
            assertThat(withNew.rowsRead()).isEqualTo(again.rowsRead() + 1);
            assertThat(withNew.rowsFolded()).as("only the new row").isEqualTo(1);
            assertThat(elsewhere.rowsRead()).isEqualTo(withNew.rowsRead());
            assertThat(elsewhere.rowsFolded()).as("another process remembers nothing and folds them all again")
                    .isGreaterThanOrEqualTo(2);
            open.rollback();
        }
        assertThat(titles("u-again")).containsExactly("second");
        List<String> incremental = SnapshotRows.all(db.admin());
        projection.rebuild();
        assertThat(SnapshotRows.all(db.admin())).isEqualTo(incremental);
    }

    @Test
    void incrementalRefreshesUnderConcurrentWritersEqualARebuildAndTheFoldOfAllRows() throws Exception {
        MissionProjection projection = db.projection();
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                long seed = 42 + w;
                done.add(writers.submit(() -> writeRandomHistory(new Random(seed), writing)));
            }
            for (int i = 0; i < 15; i++) {
                projection.refresh();
            }
            writing.set(false);
            for (Future<Integer> f : done) {
                assertThat(f.get()).isPositive();
            }
        } finally {
            writers.shutdownNow();
        }
        projection.refresh();
        List<String> incremental = SnapshotRows.all(db.admin());

        projection.rebuild();

        assertThat(SnapshotRows.all(db.admin())).isEqualTo(incremental);
        assertThat(StoredFields.all(db.admin())).isEqualTo(StoredFields.foldOfAllRows(db));
    }

    @Test
    void missionsSpanningSeveralBatchesFoldAsOneAndARebuildAgrees() throws Exception {
        MissionProjection projection = db.projection();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            // 1,200 missions (batches hold 500) with an insert and a later update each.
            s.executeUpdate("""
                    INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, field_timestamps)
                    SELECT 'ai', 'aiMissions', 'bulk-' || i, 'u-bulk-' || (i % 7), op,
                           jsonb_build_object('title', op || ' ' || i, 'state', 'active'),
                           jsonb_build_object('title', CASE op WHEN 'insert' THEN '2026-04-15T06:00:00.000Z'
                                                               ELSE '2026-04-15T07:00:00.000Z' END)
                    FROM generate_series(1, 1200) AS i, unnest(ARRAY['update', 'insert']) AS op""");
        }

        RefreshResult refreshed = projection.refresh();

        assertThat(refreshed.rowsFolded()).isGreaterThanOrEqualTo(2400);
        assertThat(projection.missionsOf("u-bulk-3").missions()).hasSize(172).extracting(MissionSummary::title)
                .allMatch(title -> title.startsWith("update "));
        List<String> incremental = SnapshotRows.all(db.admin());
        RefreshResult rebuilt = projection.rebuild();
        assertThat(rebuilt.recordsUpdated()).isEqualTo(incremental.size());
        assertThat(SnapshotRows.all(db.admin())).isEqualTo(incremental);
        assertThat(StoredFields.all(db.admin())).isEqualTo(StoredFields.foldOfAllRows(db));
    }

    @Test
    void aFailedReadFailsTheRefreshAndLeavesNoConnectionBehind() throws Exception {
        MissionProjection projection = db.projection();
        db.insertMissionChange("u-fail", "m1", "insert", "{\"title\":\"after the failure\"}", null, null);
        adminExecute("REVOKE SELECT ON mana_ai.mission_changes FROM " + db.roleName());
        try {
            assertThatThrownBy(projection::refresh).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        } finally {
            adminExecute("GRANT SELECT ON mana_ai.mission_changes TO " + db.roleName());
        }
        for (int i = 0; i < 6; i++) { // more refreshes than the pool has connections
            projection.refresh();
        }
        assertThat(titles("u-fail")).containsExactly("after the failure");
    }

    @Test
    void aFailedRebuildReadKeepsTheSnapshotAndLeavesNoConnectionBehind() throws Exception {
        MissionProjection projection = db.projection();
        db.insertMissionChange("u-rebuild-fail", "m1", "insert", "{\"title\":\"kept\"}", null, null);
        projection.refresh();
        List<String> before = SnapshotRows.all(db.admin());
        adminExecute("REVOKE SELECT ON mana_ai.mission_changes FROM " + db.roleName());
        try {
            // The rebuild reads on its second connection and thread: the failure there fails the rebuild.
            assertThatThrownBy(projection::rebuild).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            assertThat(SnapshotRows.all(db.admin())).isEqualTo(before);
        } finally {
            adminExecute("GRANT SELECT ON mana_ai.mission_changes TO " + db.roleName());
        }
        for (int i = 0; i < 6; i++) { // more rebuilds than the pool has connections, two connections each
            projection.rebuild();
        }
        assertThat(titles("u-rebuild-fail")).containsExactly("kept");
        assertThat(SnapshotRows.all(db.admin())).isEqualTo(before);
    }

    @Test
    void aProjectionEmptiedByACrashIsFoldedAgainByTheNextRefresh() throws Exception {
        MissionProjection projection = db.projection();
        db.insertMissionChange("u-crash", "m1", "insert", "{\"title\":\"first\",\"state\":\"active\"}", null, null);
        db.insertMissionChange("u-crash", "m2", "insert", "{\"title\":\"second\"}", null, null);
        db.insertMissionChange("u-crash", "m1", "update", "{\"title\":\"first, renamed\"}", null, null);
        projection.refresh();
        List<String> before = SnapshotRows.all(db.admin());
        Map<RecordKey, RecordState> fieldsBefore = StoredFields.all(db.admin());
        assertThat(persistenceOf("mission_fields", "mission_snapshots", "skipped_rows", "projection_cursor"))
                .as("the projection's tables are unlogged").containsOnly("u");
        assertThat(persistenceOf("run_slots")).as("the slots are the exactly-once record").containsOnly("p");

        // Crash recovery resets every unlogged table to empty, the cursor row included.
        adminExecute("TRUNCATE mana_ai.mission_fields, mana_ai.mission_snapshots, mana_ai.skipped_rows,"
                + " mana_ai.projection_cursor");
        RefreshResult after = projection.refresh();

        assertThat(after.rowsFolded()).isEqualTo(countMissionRows());
        assertThat(SnapshotRows.all(db.admin())).isEqualTo(before);
        assertThat(StoredFields.all(db.admin())).isEqualTo(fieldsBefore);
        try (Connection c = db.admin().getConnection(); Statement st = c.createStatement(); ResultSet rs =
                st.executeQuery("SELECT count(*), bool_and(isfinite(watermark)) FROM mana_ai.projection_cursor")) {
            rs.next();
            assertThat(rs.getLong(1)).as("the cursor row is back").isEqualTo(1);
            assertThat(rs.getBoolean(2)).as("with a real watermark").isTrue();
        }
    }

    @Test
    void aRefreshWithNoRowAtOrAfterTheWatermarkReadsAndWritesNothingAndTheNextRowIsFolded() throws Exception {
        MissionProjection projection = db.projection();
        db.insertMissionChange("u-quiet", "m1", "insert", "{\"title\":\"old\"}", null, null);
        // Rows of the last second lie at or after the watermark (its margin): wait until a refresh passes over.
        await().atMost(Duration.ofSeconds(10)).until(() -> projection.refresh().equals(RefreshResult.NOTHING));
        String cursorBefore = cursorUpdatedAt();

        assertThat(projection.refresh()).isEqualTo(RefreshResult.NOTHING);
        assertThat(cursorUpdatedAt()).as("no transaction stored the watermark again").isEqualTo(cursorBefore);
        assertThat(titles("u-quiet")).containsExactly("old");

        db.insertMissionChange("u-quiet", "m1", "update", "{\"title\":\"new\"}", null, null);
        assertThat(projection.refresh().rowsFolded()).isEqualTo(1);
        assertThat(titles("u-quiet")).containsExactly("new");
    }

    @Test
    void aProjectionEmptiedByACrashIsFoldedAgainEvenWithNoNewRow() throws Exception {
        MissionProjection projection = db.projection();
        db.insertMissionChange("u-quiet-crash", "m1", "insert", "{\"title\":\"kept\"}", null, null);
        await().atMost(Duration.ofSeconds(10)).until(() -> projection.refresh().equals(RefreshResult.NOTHING));

        adminExecute("TRUNCATE mana_ai.mission_fields, mana_ai.mission_snapshots, mana_ai.skipped_rows,"
                + " mana_ai.projection_cursor");

        assertThat(projection.refresh().rowsFolded()).isEqualTo(countMissionRows());
        assertThat(titles("u-quiet-crash")).containsExactly("kept");
    }

    @Test
    void theFieldTablesLeaveRoomOnTheirPagesForUpdatedRowVersions() throws Exception {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT relname, array_to_string(reloptions, ',') FROM pg_class"
                        + " WHERE relnamespace = 'mana_ai'::regnamespace AND relname LIKE '%\\_fields' ORDER BY relname")) {
            Map<String, String> options = new HashMap<>();
            while (rs.next()) {
                options.put(rs.getString(1), rs.getString(2));
            }
            assertThat(options).containsOnly(Map.entry("agent_fields", "fillfactor=70"),
                    Map.entry("mission_fields", "fillfactor=70"));
        }
    }

    private static String cursorUpdatedAt() throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement(); ResultSet rs =
                s.executeQuery("SELECT updated_at::text FROM mana_ai.projection_cursor WHERE kind = 'mission'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static List<String> persistenceOf(String... tables) throws SQLException {
        List<String> persistence = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT relpersistence::text FROM pg_class WHERE oid = to_regclass('mana_ai.' || ?)")) {
            for (String table : tables) {
                ps.setString(1, table);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    persistence.add(rs.getString(1));
                }
            }
        }
        return persistence;
    }

    private static long countMissionRows() throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement(); ResultSet rs =
                s.executeQuery("SELECT count(*) FROM sync_changes WHERE app_id = 'ai' AND table_name = 'aiMissions'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void adminExecute(String sql) throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Random inserts, updates (some with field timestamps that tie), deletes, some in multi-row transactions. */
    private static int writeRandomHistory(Random random, AtomicBoolean writing) throws SQLException {
        String[] ops = {"insert", "update", "update", "update", "delete"};
        String[] stamps = {"2026-04-15T06:00:00.000Z", "2026-04-15T07:00:00.000Z", "garbled"};
        int written = 0;
        try (Connection c = db.admin().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, field_timestamps)
                    VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)""")) {
                while (writing.get() || written < 50) {
                    int rows = 1 + random.nextInt(4);
                    for (int r = 0; r < rows; r++) {
                        boolean mission = random.nextInt(5) > 0;
                        ps.setString(1, mission ? "ai" : "todo");
                        ps.setString(2, mission ? "aiMissions" : "tasks");
                        ps.setString(3, "m" + random.nextInt(6));
                        ps.setString(4, "u-rand-" + random.nextInt(3));
                        ps.setString(5, ops[random.nextInt(ops.length)]);
                        ps.setString(6, "{\"title\":\"t" + random.nextInt(100) + "\",\"state\":\""
                                + (random.nextBoolean() ? "active" : "paused") + "\"}");
                        ps.setString(7, random.nextBoolean() ? "{}"
                                : "{\"title\":\"" + stamps[random.nextInt(stamps.length)] + "\"}");
                        ps.executeUpdate();
                        written++;
                    }
                    c.commit();
                }
            }
        }
        return written;
    }

    private static List<String> titles(String user) throws SQLException {
        return db.projection().missionsOf(user).missions().stream()
                .map(MissionSummary::title).toList();
    }
}
