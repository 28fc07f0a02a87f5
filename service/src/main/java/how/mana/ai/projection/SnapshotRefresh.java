package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * Brings one record kind's projection ({@link RecordKind}) up to date with its rows of {@code sync_changes}.
 *
 * <p><b>Never missing a late commit — the visibility horizon.</b> {@code created_at} is the start of the writing
 * transaction, so a row can become visible long after rows with later {@code created_at}; a cursor on "the largest
 * created_at seen" would skip it. Instead, each refresh first asks {@code mana_ai.visibility_horizon()} for an
 * instant H before which every transaction of the database has ended (the oldest {@code xact_start} of the other
 * sessions still in a transaction, else now, minus a second). Then, in a later statement (so with a later
 * snapshot), it reads the rows with {@code created_at >= watermark} and finally stores H as the next watermark.
 * A row with {@code created_at < H} was written by a transaction that had ended before H, so this read sees it;
 * a row of a transaction still open at H has {@code created_at >= H} and is read by the next refresh. Rows between
 * H and the read are read twice, which the fold absorbs (it is idempotent); a process remembers the ids of those its
 * last committed refresh folded and passes them over when it reads them again, so refreshing every second does not
 * fold every row twice. Cost: a session idle in a transaction holds H back, so refreshes re-read more rows until it
 * ends; correctness holds.
 *
 * <p>Work is proportional to the rows read: rows stream in (cursor, fetch size), are folded per record in
 * batches, and each batch costs one statement merging its fields into the kind's fields table (PostgreSQL keeps
 * the winners; nothing is loaded) plus, for the records that are new or whose deciding fields changed (for
 * missions {@code state}, {@code nextRunAt}, {@code deletedAt}), a read and a write of their snapshot rows
 * ({@link SnapshotMerge}). Refreshes of all kinds and replicas take one advisory lock, so they run one after
 * another.
 *
 * <p>Folding every row — a rebuild, and a refresh that finds no watermark (a fresh schema, or a projection emptied by
 * a crash: its tables are unlogged) — empties the projection first and reads on connections of a pool of their own
 * ({@link PipelinedRead}), so PostgreSQL inserts one batch while Java folds the next.
 *
 * <p>Polls fold only some records, whole ({@link #foldWhole}, chosen by {@link DecidingRefresh}): under the same lock,
 * from the stored watermark, which they leave where it is.
 */
final class SnapshotRefresh {
    /** Arbitrary constant naming the refresh lock among the database's advisory locks. */
    private static final long REFRESH_LOCK = 0x6d616e615f6169L;
    private static final String FROM_THE_START = "-infinity";
    /**
     * True when the kind has a stored watermark and no row at or after it: a refresh would then read nothing and
     * store the same projection. No row at all when the cursor is missing (a crash emptied the projection) or says
     * {@code -infinity}: everything is to be folded.
     */
    private static final String NOTHING_NEW = """
            SELECT NOT EXISTS (SELECT 1 FROM %s v WHERE v.created_at >= c.watermark)
            FROM mana_ai.projection_cursor c WHERE c.kind = ? AND c.watermark > '-infinity'""";

    private final RecordKind kind;
    private final DataSource dataSource;
    private final DataSource rebuildReads;
    /**
     * Ids of the rows the last committed refresh of this process folded at or after the watermark it stored: the
     * next refresh reads them again and passes them over. Only ever set after a commit, so every id in it is a row
     * folded into the projection as it stands (emptied by a crash or a migration, the projection has no watermark,
     * and everything is folded again anyway; a rebuild elsewhere reads every row committed before it).
     */
    private final AtomicReference<Set<String>> foldedAtWatermark = new AtomicReference<>(Set.of());

    SnapshotRefresh(RecordKind kind, DataSource dataSource, DataSource rebuildReads) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.rebuildReads = rebuildReads;
    }

    /**
     * Folds the rows that arrived since the last refresh; rebuilds when the projection has no watermark. When one
     * indexed probe finds no row at or after the stored watermark, nothing is read, locked or written (a poll's
     * refresh of a kind nobody edits costs that one statement). Passing over is lossless: the watermark stays, so a
     * row committed after the probe is at or after it and the next refresh reads it.
     */
    RefreshResult refresh() throws SQLException {
        return nothingNew() ? RefreshResult.NOTHING : run(false);
    }

    /** Drops the kind's projection and folds every row of the kind again, in one transaction. */
    RefreshResult rebuild() throws SQLException {
        return run(true);
    }

    /**
     * Folds every row of these records at or after the stored watermark — the rows before it are folded already — so
     * that each record is then the fold of all its rows committed before this read, whatever the rows left to the next
     * refresh. The watermark stays where it is. Without one (a crash emptied the projection) everything is folded.
     *
     * <p>It reads the rows of these records' ids (of every user: ids are unique only per user, and folding another
     * user's record whole too is as right).
     */
    RefreshResult foldWhole(Collection<RecordKey> records) throws SQLException {
        if (records.isEmpty()) {
            return RefreshResult.NOTHING;
        }
        List<String> recordIds = records.stream().map(RecordKey::recordId).distinct().toList();
        Optional<RefreshResult> folded = inLockedTransaction(c -> {
            Optional<String> watermark = watermark(c);
            if (watermark.isEmpty()) {
                return Optional.empty();
            }
            Writer writer = new Writer(c, kind);
            return Optional.of(writer.result(
                    FoldedBatches.readRecords(c, kind, watermark.get(), recordIds, writer::merge)));
        });
        return folded.isPresent() ? folded.get() : run(false);
    }

    private RefreshResult run(boolean rebuild) throws SQLException {
        Refreshed refreshed = inLockedTransaction(c -> {
            Optional<String> watermark = watermark(c);
            OffsetDateTime horizon = horizon(c);
            Refreshed folded;
            if (rebuild || watermark.isEmpty()) {
                folded = new Refreshed(foldEveryRow(c), FoldedBatches.Overlap.none());
            } else {
                var overlap = new FoldedBatches.Overlap(foldedAtWatermark.get(), horizon.toInstant(), new HashSet<>());
                Writer writer = new Writer(c, kind);
                folded = new Refreshed(writer.result(FoldedBatches.read(c, kind, watermark.get(), overlap,
                        writer::merge)), overlap);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE mana_ai.projection_cursor SET watermark = ?, updated_at = now() WHERE kind = ?")) {
                ps.setObject(1, horizon);
                ps.setString(2, kind.name());
                ps.executeUpdate();
            }
            return folded;
        });
        foldedAtWatermark.set(Set.copyOf(refreshed.overlap().foldedNow()));
        return refreshed.result();
    }

    /** A committed refresh, with the ids of the rows it folded that the next one will read again. */
    private record Refreshed(RefreshResult result, FoldedBatches.Overlap overlap) {
    }

    /** Work on the projection that must not interleave with another refresh's, here or in another replica. */
    @FunctionalInterface
    private interface LockedWork<T> {
        T apply(Connection c) throws SQLException, InterruptedException;
    }

    /** Runs {@code work} in one transaction holding the refresh lock; commits when it returns, else rolls back. */
    private <T> T inLockedTransaction(LockedWork<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                execute(c, "SELECT pg_advisory_xact_lock(" + REFRESH_LOCK + ")");
                T result = work.apply(c);
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
     * Empties the kind's projection and reads every row of the kind in two parts on two connections of {@code rebuildReads}
     * ({@link PipelinedRead}), writing the batches on {@code c}: each batch is then the whole truth about its
     * records. The emptying runs while PostgreSQL sorts the rows for the read.
     */
    private RefreshResult foldEveryRow(Connection c) throws SQLException, InterruptedException {
        try (Connection first = rebuildReads.getConnection(); Connection second = rebuildReads.getConnection()) {
            Writer writer = new Writer(c, kind);
            return writer.result(PipelinedRead.run(List.of(first, second), kind, FROM_THE_START,
                    (reader, batch) -> RebuildBatch.encode(reader, kind, batch), () -> emptyProjection(c),
                    writer::insert));
        }
    }

    /** Leaves the kind's projection empty, with a cursor row to advance; its skipped rows will be met again. */
    private void emptyProjection(Connection c) throws SQLException {
        execute(c, "DELETE FROM " + kind.fieldsTable());
        execute(c, "DELETE FROM " + kind.snapshotsTable());
        try (PreparedStatement skipped = c.prepareStatement("DELETE FROM mana_ai.skipped_rows WHERE kind = ?");
             PreparedStatement cursor = c.prepareStatement("""
                     INSERT INTO mana_ai.projection_cursor (kind, watermark) VALUES (?, '-infinity')
                     ON CONFLICT (kind) DO UPDATE SET watermark = excluded.watermark, updated_at = now()""")) {
            skipped.setString(1, kind.name());
            skipped.executeUpdate();
            cursor.setString(1, kind.name());
            cursor.executeUpdate();
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }

    private boolean nothingNew() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement(NOTHING_NEW.formatted(kind.changesView()))) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /**
     * As text, which carries full precision through the round trip; empty when everything must be folded: there
     * is no cursor row (the unlogged projection was emptied by a crash, see V5) or it says {@code -infinity} (a
     * fresh schema, or a migration that dropped what the projection held).
     */
    private Optional<String> watermark(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT watermark::text FROM mana_ai.projection_cursor WHERE kind = ?")) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)).filter(w -> !w.equals(FROM_THE_START))
                        : Optional.empty();
            }
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
        private final RecordKind kind;
        private long malformedSkipped;
        private long recordsUpdated;
        private long recordsCreated;

        Writer(Connection c, RecordKind kind) {
            this.c = c;
            this.kind = kind;
        }

        /** Folds new rows into what the projection holds. */
        void merge(FoldedBatches.Batch batch) throws SQLException {
            SnapshotMerge.Changes changes = SnapshotMerge.apply(c, kind, batch.folded());
            recordsUpdated += changes.changed();
            recordsCreated += changes.created();
            malformedSkipped += SkippedRows.record(c, kind, batch.malformed());
        }

        /** Inserts a batch of records the emptied projection does not hold. */
        void insert(RebuildBatch batch) throws SQLException {
            int written = batch.write(c, kind);
            recordsUpdated += written;
            recordsCreated += written;
            malformedSkipped += SkippedRows.record(c, kind, batch.malformed());
        }

        RefreshResult result(FoldedBatches.Counts read) {
            return new RefreshResult(read.rowsRead(), read.rowsFolded(), malformedSkipped, recordsUpdated,
                    recordsCreated);
        }
    }
}
