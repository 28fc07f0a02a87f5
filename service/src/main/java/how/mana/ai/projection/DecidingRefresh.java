package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A poll's refresh of one kind (continuous planning, every second): folds whole ({@link SnapshotRefresh#foldWhole})
 * each record with a new row that offers one of the kind's deciding fields — those its snapshot row is made of, for
 * missions {@code state}, {@code nextRunAt} and {@code deletedAt} — and leaves every other new row to the next full
 * refresh. Why: a full refresh every second merged nearly every edit into the fields table, one a minute merges each
 * edited record once, and the merge was four fifths of the cost at rest (BENCHMARKS.md "Cost at rest").
 *
 * <p>What it keeps true: the snapshot rows, which the due query reads, are as a full refresh at this poll would leave
 * them; and every record is either as the last full refresh left it or the fold of all its rows as of a poll that
 * folded it whole — never half of one edit. A poll plans only from records it folded whole (the caller folds the due
 * ones it did not).
 *
 * <p>Lossless like the full refresh, by the same visibility horizon ({@link SnapshotRefresh}): each poll asks for the
 * horizon H, then in a later statement reads the deciding rows at or after this process's poll watermark, and keeps
 * H as the next. The chain starts at the stored watermark, before which every row is folded, and moves to it when a
 * full refresh has passed it. Rows read again (those at or after H) whose records it folded are passed over. One
 * instance per process and kind; polls of one instance run one at a time.
 */
final class DecidingRefresh {
    /** The stored watermark (null when everything is to be folded) and the horizon, in one round trip. */
    private static final String WATERMARKS = """
            SELECT c.watermark, mana_ai.visibility_horizon()
            FROM (SELECT 1) AS one
            LEFT JOIN mana_ai.projection_cursor c ON c.kind = ? AND c.watermark > '-infinity'""";
    /** A delete offers deletedAt; any other row the fields its data holds. ({@code ??|} is jsonb's {@code ?|}.) */
    private static final String DECIDING_ROWS = """
            SELECT id, user_id, record_id, created_at FROM %s
            WHERE created_at >= ? AND (op = 'delete' OR data ??| ?::text[])""";

    private final RecordKind kind;
    private final DataSource dataSource;
    private final SnapshotRefresh refresh;
    /** This process's poll watermark; null until the first poll, and after a poll that folded everything. */
    private Instant watermark;
    /** Ids of deciding rows at or after {@link #watermark} whose records the last poll folded whole. */
    private Set<String> foldedAtWatermark = Set.of();

    DecidingRefresh(RecordKind kind, DataSource dataSource, SnapshotRefresh refresh) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.refresh = refresh;
    }

    /** @return what was folded, and the records folded whole (none when it folded everything) */
    synchronized FoldedWhole refresh() throws SQLException {
        Optional<Read> read;
        try (Connection c = dataSource.getConnection()) {
            read = read(c);
        }
        if (read.isEmpty()) {
            // The full fold takes connections of its own: this one is back in the pool first.
            watermark = null;
            return new FoldedWhole(refresh.refresh(), Set.of());
        }
        RefreshResult folded = refresh.foldWhole(read.get().records());
        watermark = read.get().horizon();
        foldedAtWatermark = Set.copyOf(read.get().atHorizon());
        return new FoldedWhole(folded, read.get().records());
    }

    /**
     * The records with deciding rows this process has not folded whole yet, the horizon, and the ids of the rows
     * read at or after it; empty when there is no stored watermark (everything is to be folded).
     */
    private Optional<Read> read(Connection c) throws SQLException {
        Instant stored;
        Instant horizon;
        try (PreparedStatement ps = c.prepareStatement(WATERMARKS)) {
            ps.setString(1, kind.name());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                OffsetDateTime storedAt = rs.getObject(1, OffsetDateTime.class);
                if (storedAt == null) {
                    return Optional.empty();
                }
                stored = storedAt.toInstant();
                horizon = rs.getObject(2, OffsetDateTime.class).toInstant();
            }
        }
        Instant from = watermark == null || watermark.isBefore(stored) ? stored : watermark;
        Set<RecordKey> records = new LinkedHashSet<>();
        Set<String> atHorizon = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(DECIDING_ROWS.formatted(kind.changesView()))) {
            ps.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            ps.setArray(2, c.createArrayOf("text", kind.decidingFields().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (!foldedAtWatermark.contains(id)) {
                        records.add(new RecordKey(rs.getString(2), rs.getString(3)));
                    }
                    if (!rs.getObject(4, OffsetDateTime.class).toInstant().isBefore(horizon)) {
                        atHorizon.add(id);
                    }
                }
            }
        }
        return Optional.of(new Read(horizon, records, atHorizon));
    }

    private record Read(Instant horizon, Set<RecordKey> records, Set<String> atHorizon) {
    }
}
