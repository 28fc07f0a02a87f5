package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
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
 * {@code deletedAt} changed, a read and a write of their snapshot columns ({@link SnapshotMerge}). Refreshes of all
 * replicas take one advisory lock, so they run one after another.
 *
 * <p>Folding every row — a rebuild, and a refresh that finds no watermark (a fresh schema, or a projection emptied by
 * a crash: its tables are unlogged) — empties the projection first and reads on connections of a pool of their own
 * ({@link PipelinedRead}), so PostgreSQL inserts one batch while Java folds the next.
 */
final class SnapshotRefresh {
    /** Arbitrary constant naming the refresh lock among the database's advisory locks. */
    private static final long REFRESH_LOCK = 0x6d616e615f6169L;
    private static final String FROM_THE_START = "-infinity";

    private final DataSource dataSource;
    private final DataSource rebuildReads;

    SnapshotRefresh(DataSource dataSource, DataSource rebuildReads) {
        this.dataSource = dataSource;
        this.rebuildReads = rebuildReads;
    }

    /** Folds the mission rows that arrived since the last refresh; rebuilds when the projection has no watermark. */
    RefreshResult refresh() throws SQLException {
        return run(false);
    }

    /** Drops the snapshot and folds every mission row again, in one transaction. */
    RefreshResult rebuild() throws SQLException {
        return run(true);
    }

    private RefreshResult run(boolean rebuild) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                execute(c, "SELECT pg_advisory_xact_lock(" + REFRESH_LOCK + ")");
                Optional<String> watermark = watermark(c);
                OffsetDateTime horizon = horizon(c);
                RefreshResult result;
                if (rebuild || watermark.isEmpty()) {
                    result = foldEveryRow(c);
                } else {
                    Writer writer = new Writer(c);
                    result = writer.result(FoldedBatches.read(c, watermark.get(), writer::merge));
                }
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
    }

    /**
     * Empties the projection and reads every mission row in two parts on two connections of {@code rebuildReads}
     * ({@link PipelinedRead}), writing the batches on {@code c}: each batch is then the whole truth about its
     * missions. The emptying runs while PostgreSQL sorts the rows for the read.
     */
    private RefreshResult foldEveryRow(Connection c) throws SQLException, InterruptedException {
        try (Connection first = rebuildReads.getConnection(); Connection second = rebuildReads.getConnection()) {
            Writer writer = new Writer(c);
            return writer.result(PipelinedRead.run(List.of(first, second), FROM_THE_START, RebuildBatch::encode,
                    () -> emptyProjection(c), writer::insert));
        }
    }

    /** Leaves the projection empty, with a cursor row to advance; skipped rows will be met and counted again. */
    private static void emptyProjection(Connection c) throws SQLException {
        execute(c, "DELETE FROM mana_ai.mission_fields");
        execute(c, "DELETE FROM mana_ai.mission_snapshots");
        execute(c, "DELETE FROM mana_ai.skipped_rows");
        execute(c, "DELETE FROM mana_ai.projection_cursor");
        execute(c, "INSERT INTO mana_ai.projection_cursor (watermark) VALUES ('" + FROM_THE_START + "')");
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    /**
     * As text, which carries full precision through the round trip; empty when everything must be folded: there
     * is no cursor row (the unlogged projection was emptied by a crash, see V5) or it says {@code -infinity} (a
     * fresh schema, or a migration that dropped what the projection held).
     */
    private static Optional<String> watermark(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT watermark::text FROM mana_ai.projection_cursor")) {
            return rs.next() ? Optional.of(rs.getString(1)).filter(w -> !w.equals(FROM_THE_START))
                    : Optional.empty();
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

    /** Writes batches into the projection on the transaction's connection and counts what they changed. */
    private static final class Writer {
        private final Connection c;
        private long malformedSkipped;
        private long missionsUpdated;

        Writer(Connection c) {
            this.c = c;
        }

        /** Folds new rows into what the projection holds. */
        void merge(FoldedBatches.Batch batch) throws SQLException {
            missionsUpdated += SnapshotMerge.apply(c, batch.folded());
            malformedSkipped += SkippedRows.record(c, batch.malformed());
        }

        /** Inserts a batch of missions the emptied projection does not hold. */
        void insert(RebuildBatch batch) throws SQLException {
            missionsUpdated += batch.write(c);
            malformedSkipped += SkippedRows.record(c, batch.malformed());
        }

        RefreshResult result(FoldedBatches.Counts read) {
            return new RefreshResult(read.rowsRead(), read.rowsFolded(), malformedSkipped, missionsUpdated);
        }
    }
}
