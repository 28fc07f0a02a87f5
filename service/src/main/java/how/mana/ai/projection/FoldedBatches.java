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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a kind's rows from a watermark on and folds them per record into batches of whole records: rows arrive
 * grouped by record, so no record spans two batches of one read. That is what lets a rebuild take the snapshot
 * rows from the batch alone, and keeps each record's fields to one merge statement.
 */
final class FoldedBatches {
    private static final int BATCH_RECORDS = 500;
    private static final int FETCH_SIZE = 1_000;
    // The watermark is a parameter, not a subquery, so the planner sees its value and can choose an index.
    private static final String SELECT = "SELECT " + SyncRowReader.VIEW_COLUMNS + " FROM %s"
            + " WHERE created_at >= ?::timestamptz";
    // Any order that groups a record's rows will do: bytewise comparison sorts the rebuild's million rows faster
    // than the database's collation (strcoll).
    private static final String ORDER = " ORDER BY record_id COLLATE \"C\", user_id COLLATE \"C\"";
    private static final String READ = SELECT + ORDER;
    /** One of the parts of a partitioned read: a record's rows share its record id, so they fall in one part. */
    private static final String READ_PART = SELECT + " AND (coalesce(hashtext(record_id), 0) & ?) = ?" + ORDER;
    /** Served by mana-sync's index on (table_name, record_id, created_at): one seek per record. */
    private static final String READ_RECORDS = SELECT + " AND record_id = ANY (?::text[])" + ORDER;

    private FoldedBatches() {
    }

    /** Per record, the fold of its rows in the batch; and the rows that offered nothing usable. */
    record Batch(Map<RecordKey, RecordState> folded, List<RowOffer.Malformed> malformed) {
    }

    /** Takes each batch once it is complete; the reader does not touch it afterwards. */
    @FunctionalInterface
    interface Sink {
        void accept(Batch batch) throws SQLException, InterruptedException;
    }

    /** What the read saw: every row, and those that offered fields. */
    record Counts(long rowsRead, long rowsFolded) {
    }

    /**
     * The rows two incremental reads share: each reads from the watermark the one before stored, and that lies up to
     * the visibility horizon's margin (a second, more while another transaction is open) before what the one before
     * read, so those rows come again. Folded already, they are passed over.
     *
     * @param foldedBefore  ids of rows an earlier, committed refresh folded: passed over unread
     * @param nextWatermark the watermark this refresh stores
     * @param foldedNow     where this read collects the ids of its rows the next read will meet again (at or after
     *                      {@code nextWatermark}), at most {@link #MAX_REMEMBERED}: passing over some of them is as
     *                      right as passing over all
     */
    record Overlap(Set<String> foldedBefore, Instant nextWatermark, Set<String> foldedNow) {
        /** Beyond this many (an old open transaction holding the watermark back), re-read rows are folded again. */
        static final int MAX_REMEMBERED = 50_000;

        /** Nothing folded before, nothing to remember (a full fold). */
        static Overlap none() {
            return new Overlap(Set.of(), Instant.MAX, new HashSet<>());
        }

        /** A row this read folded, or passed over as folded before: the next read passes it over if it meets it. */
        private void remember(String id, Instant createdAt) {
            if (createdAt != null && !createdAt.isBefore(nextWatermark) && foldedNow.size() < MAX_REMEMBERED) {
                foldedNow.add(id);
            }
        }
    }

    /**
     * Reads through a cursor ({@code c} must not be in auto-commit) and hands every batch, the last one too, to
     * {@code sink}.
     */
    static Counts read(Connection c, RecordKind kind, String watermark, Overlap overlap, Sink sink)
            throws SQLException, InterruptedException {
        try (PreparedStatement ps = c.prepareStatement(READ.formatted(kind.changesView()))) {
            ps.setString(1, watermark);
            return read(ps, overlap, sink);
        }
    }

    /**
     * As {@link #read}, for part {@code part} of {@code parts} (a power of two): the parts together hold every row
     * once, and each record's rows lie in one part.
     */
    static Counts readPart(Connection c, RecordKind kind, String watermark, int part, int parts, Sink sink)
            throws SQLException, InterruptedException {
        try (PreparedStatement ps = c.prepareStatement(READ_PART.formatted(kind.changesView()))) {
            ps.setString(1, watermark);
            ps.setInt(2, parts - 1);
            ps.setInt(3, part);
            return read(ps, Overlap.none(), sink);
        }
    }

    /**
     * As {@link #read}, for the rows of these record ids only (of every user: ids are unique per user, and a record
     * of another user with the same id is read whole too).
     */
    static Counts readRecords(Connection c, RecordKind kind, String watermark, Collection<String> recordIds,
                              Sink sink) throws SQLException, InterruptedException {
        try (PreparedStatement ps = c.prepareStatement(READ_RECORDS.formatted(kind.changesView()))) {
            ps.setString(1, watermark);
            ps.setArray(2, c.createArrayOf("text", recordIds.toArray()));
            return read(ps, Overlap.none(), sink);
        }
    }

    private static Counts read(PreparedStatement ps, Overlap overlap, Sink sink)
            throws SQLException, InterruptedException {
        Folding batch = new Folding();
        long rowsRead = 0;
        long rowsFolded = 0;
        ps.setFetchSize(FETCH_SIZE);
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = SyncRowReader.id(rs);
                if (overlap.foldedBefore().contains(id)) {
                    rowsRead++;
                    overlap.remember(id, SyncRowReader.createdAt(rs));
                    continue;
                }
                SyncRow row = SyncRowReader.readShallow(rs);
                overlap.remember(row.id(), row.createdAt());
                RecordKey key = new RecordKey(row.userId(), row.recordId());
                if (batch.isFullBefore(key)) {
                    sink.accept(batch.complete());
                    batch = new Folding();
                }
                rowsRead++;
                if (batch.add(key, row)) {
                    rowsFolded++;
                }
            }
        }
        sink.accept(batch.complete());
        return new Counts(rowsRead, rowsFolded);
    }

    /** A batch being read: each record's offers, folded in one pass when the batch is complete. */
    private static final class Folding {
        private final Map<RecordKey, List<RowOffer.Fields>> offers = new LinkedHashMap<>();
        private final List<RowOffer.Malformed> malformed = new ArrayList<>();

        boolean isFullBefore(RecordKey key) {
            return (offers.size() >= BATCH_RECORDS || malformed.size() >= BATCH_RECORDS)
                    && !offers.containsKey(key);
        }

        /** @return whether the row offered fields (else it was set aside as malformed) */
        boolean add(RecordKey key, SyncRow row) {
            switch (RowOffers.of(row)) {
                case RowOffer.Fields fields -> {
                    offers.computeIfAbsent(key, k -> new ArrayList<>()).add(fields);
                    return true;
                }
                case RowOffer.Malformed m -> {
                    malformed.add(m);
                    return false;
                }
            }
        }

        Batch complete() {
            Map<RecordKey, RecordState> folded = new LinkedHashMap<>();
            offers.forEach((key, recordOffers) -> folded.put(key, RecordState.of(recordOffers)));
            return new Batch(folded, malformed);
        }
    }
}
