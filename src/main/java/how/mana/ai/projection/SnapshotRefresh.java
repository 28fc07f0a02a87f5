package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
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
 *
 * <p>A rebuild reads on a second connection of the pool ({@link PipelinedRead}), taken before the lock so that it
 * never waits for a connection while holding the lock.
 */
final class SnapshotRefresh {
    /** Arbitrary constant naming the refresh lock among the database's advisory locks. */
    private static final long REFRESH_LOCK = 0x6d616e615f6169L;

    private final DataSource dataSource;

    SnapshotRefresh(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    RefreshResult refresh() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return inTransaction(c, false, watermark -> {
                Writer writer = new Writer(c, false);
                return writer.result(FoldedBatches.read(c, watermark, writer::write));
            });
        }
    }

    /** Drops the snapshot and folds every mission row again, in one transaction. */
    RefreshResult rebuild() throws SQLException {
        try (Connection c = dataSource.getConnection(); Connection reader = dataSource.getConnection()) {
            return inTransaction(c, true, watermark -> {
                Writer writer = new Writer(c, true);
                return writer.result(PipelinedRead.run(reader, watermark, writer::write));
            });
        }
    }

    /** Folds the rows from a watermark on into the projection; the batches are written on the transaction's connection. */
    @FunctionalInterface
    private interface Fold {
        RefreshResult from(String watermark) throws SQLException, InterruptedException;
    }

    private static RefreshResult inTransaction(Connection c, boolean fromScratch, Fold fold) throws SQLException {
        c.setAutoCommit(false);
        try {
            execute(c, "SELECT pg_advisory_xact_lock(" + REFRESH_LOCK + ")");
            if (fromScratch) {
                execute(c, "DELETE FROM mana_ai.mission_fields");
                execute(c, "DELETE FROM mana_ai.mission_snapshots");
                execute(c, "DELETE FROM mana_ai.skipped_rows");
                execute(c, "UPDATE mana_ai.projection_cursor SET watermark = '-infinity'");
            }
            String watermark = watermark(c);
            OffsetDateTime horizon = horizon(c);
            RefreshResult result = fold.from(watermark);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mana_ai.projection_cursor SET watermark = ?, updated_at = now()")) {
                ps.setObject(1, horizon);
                ps.executeUpdate();
            }
            c.commit();
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rollback(c, e);
            throw new SQLException("snapshot refresh interrupted", e);
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
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

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Writes folded batches into the projection and counts what they changed. */
    private static final class Writer {
        private final Connection c;
        private final boolean snapshotWasEmptied;
        private long malformedSkipped;
        private long missionsUpdated;

        /** @param snapshotWasEmptied true for a rebuild: each batch then holds all rows of its missions */
        Writer(Connection c, boolean snapshotWasEmptied) {
            this.c = c;
            this.snapshotWasEmptied = snapshotWasEmptied;
        }

        void write(FoldedBatches.Batch batch) throws SQLException {
            missionsUpdated += SnapshotMerge.apply(c, batch.folded(), snapshotWasEmptied);
            malformedSkipped += SkippedRows.record(c, batch.malformed());
        }

        RefreshResult result(FoldedBatches.Counts read) {
            return new RefreshResult(read.rowsRead(), read.rowsFolded(), malformedSkipped, missionsUpdated);
        }
    }
}
