package how.mana.ai.projection;

import how.mana.ai.sync.RecordState;
import how.mana.ai.sync.RowOffer;
import how.mana.ai.sync.RowOffers;
import how.mana.ai.sync.SyncRow;
import how.mana.ai.sync.SyncRowReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Brings {@code mana_ai.mission_snapshots} up to date with the mission rows of {@code sync_changes}.
 *
 * <p><b>Never missing a late commit — the visibility horizon.</b> {@code created_at} is the start of the writing
 * transaction, so a row can become visible long after rows with later {@code created_at}; a cursor on "the largest
 * created_at seen" would skip it. Instead, each refresh first asks {@code mana_ai.visibility_horizon()} for an
 * instant H before which every transaction of the database has ended (the oldest {@code xact_start} of the other
 * sessions still in a transaction, else now, minus a second). Then, in a later statement (so with a later
 * snapshot), it reads the rows with {@code created_at >= watermark} and finally stores H as the next watermark.
 * A row with {@code created_at < H} was written by a transaction that had ended before H, so this read sees it;
 * a row of a transaction still open at H has {@code created_at >= H} and is read by the next refresh. Rows between
 * H and the read are read twice, which the fold absorbs (it is idempotent). Cost: a session idle in a transaction
 * holds H back, so refreshes re-read more rows until it ends; correctness holds.
 *
 * <p>Work is proportional to the rows read: rows stream in (cursor, fetch size), are folded per mission in
 * batches, and each batch costs one statement merging its fields into {@code mission_fields} (PostgreSQL keeps
 * the winners; nothing is loaded) plus, for the missions that are new or whose {@code state}, {@code nextRunAt} or
 * {@code deletedAt} changed, a read and a write of their snapshot columns ({@link SnapshotMerge}). Refreshes of all replicas take one advisory lock, so they run one after another.
 */
final class SnapshotRefresh {
    /** Arbitrary constant naming the refresh lock among the database's advisory locks. */
    private static final long REFRESH_LOCK = 0x6d616e615f6169L;
    private static final int BATCH_MISSIONS = 500;
    private static final int FETCH_SIZE = 1_000;
    private static final String REBUILD_WORK_MEM = "64MB";
    // The watermark is a parameter, not a subquery, so the planner sees its value and can choose an index.
    private static final String READ = "SELECT " + SyncRowReader.COLUMNS + " FROM mana_ai.mission_changes"
            + " WHERE created_at >= ?::timestamptz"
            // Rows of one mission arrive together, so a batch usually holds whole missions. Any order that groups
            // them will do: bytewise comparison sorts the rebuild's million rows faster than the database's
            // collation (strcoll).
            + " ORDER BY record_id COLLATE \"C\", user_id COLLATE \"C\"";

    private final DataSource dataSource;

    SnapshotRefresh(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    RefreshResult refresh() throws SQLException {
        return run(false);
    }

    /** Drops the snapshot and folds every mission row again, in one transaction. */
    RefreshResult rebuild() throws SQLException {
        return run(true);
    }

    private RefreshResult run(boolean fromScratch) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                execute(c, "SELECT pg_advisory_xact_lock(" + REFRESH_LOCK + ")");
                if (fromScratch) {
                    // The rebuild's read sorts every mission row: let it sort in memory, not in spilled runs.
                    execute(c, "SET LOCAL work_mem = '" + REBUILD_WORK_MEM + "'");
                    execute(c, "DELETE FROM mana_ai.mission_fields");
                    execute(c, "DELETE FROM mana_ai.mission_snapshots");
                    execute(c, "DELETE FROM mana_ai.skipped_rows");
                    execute(c, "UPDATE mana_ai.projection_cursor SET watermark = '-infinity'");
                }
                String watermark = watermark(c);
                OffsetDateTime horizon = horizon(c);
                RefreshResult result = foldNewRows(c, watermark, !fromScratch);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE mana_ai.projection_cursor SET watermark = ?, updated_at = now()")) {
                    ps.setObject(1, horizon);
                    ps.executeUpdate();
                }
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** As text, which carries {@code -infinity} and full precision through the round trip. */
    private static String watermark(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT watermark::text FROM mana_ai.projection_cursor")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static OffsetDateTime horizon(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT mana_ai.visibility_horizon()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }

    /** @param snapshotHasRows false when the snapshot was just emptied: each batch then holds all of its missions */
    private static RefreshResult foldNewRows(Connection c, String watermark, boolean snapshotHasRows)
            throws SQLException {
        Batch batch = new Batch(snapshotHasRows);
        try (PreparedStatement ps = c.prepareStatement(READ)) {
            ps.setString(1, watermark);
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SyncRow row = SyncRowReader.read(rs);
                    if (batch.isFullBefore(row)) {
                        batch.flush(c);
                    }
                    batch.add(row);
                }
            }
        }
        batch.flush(c);
        return batch.result();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Rows folded per mission since the last flush, and the running counts. */
    private static final class Batch {
        private final Map<MissionKey, RecordState> folded = new LinkedHashMap<>();
        private final List<RowOffer.Malformed> malformed = new ArrayList<>();
        private long rowsRead;
        private long rowsFolded;
        private long malformedSkipped;
        private long missionsUpdated;
        private final boolean snapshotHasRows;

        Batch(boolean snapshotHasRows) {
            this.snapshotHasRows = snapshotHasRows;
        }

        void add(SyncRow row) {
            rowsRead++;
            switch (RowOffers.of(row)) {
                case RowOffer.Fields fields -> {
                    folded.merge(new MissionKey(row.userId(), row.recordId()), RecordState.EMPTY.with(fields),
                            RecordState::merge);
                    rowsFolded++;
                }
                case RowOffer.Malformed m -> malformed.add(m);
            }
        }

        /**
         * Full, and {@code row} belongs to a mission not in it. Rows arrive sorted by mission, so no mission spans
         * two batches of one read: that is what lets a rebuild take snapshot columns from the batch alone, and
         * keeps each mission's fields to one merge statement.
         */
        boolean isFullBefore(SyncRow row) {
            return (folded.size() >= BATCH_MISSIONS || malformed.size() >= BATCH_MISSIONS)
                    && !folded.containsKey(new MissionKey(row.userId(), row.recordId()));
        }

        void flush(Connection c) throws SQLException {
            missionsUpdated += SnapshotMerge.apply(c, folded, !snapshotHasRows);
            folded.clear();
            malformedSkipped += SkippedRows.record(c, malformed);
            malformed.clear();
        }

        RefreshResult result() {
            return new RefreshResult(rowsRead, rowsFolded, malformedSkipped, missionsUpdated);
        }
    }
}
