package how.mana.ai.projection;

import java.sql.SQLException;
import java.util.Collection;
import javax.sql.DataSource;

/**
 * One record kind projected from {@code sync_changes} into {@code mana_ai} (SPEC §4, §7): refreshed incrementally,
 * rebuildable from scratch, with the same last-writer-wins fold and the same lossless refresh for every kind.
 */
public final class RecordProjection {
    private final RecordKind kind;
    private final SnapshotRefresh refresh;
    private final DecidingRefresh deciding;

    /**
     * @param serviceDataSource the service's pool
     * @param rebuildReads      where folding every row takes its two reading connections while it holds one of
     *                          {@code serviceDataSource} for the writes: a pool of its own in the service, so that
     *                          the two never wait for each other's connections
     */
    public RecordProjection(RecordKind kind, DataSource serviceDataSource, DataSource rebuildReads) {
        this.kind = kind;
        this.refresh = new SnapshotRefresh(kind, serviceDataSource, rebuildReads);
        this.deciding = new DecidingRefresh(kind, serviceDataSource, refresh);
    }

    public RecordKind kind() {
        return kind;
    }

    /** Folds the kind's rows that arrived since the last refresh into its projection. */
    public RefreshResult refresh() throws SQLException {
        return refresh.refresh();
    }

    /**
     * A poll's refresh ({@link DecidingRefresh}): folds whole the records with new rows offering a deciding field, and
     * nothing else; the other rows wait for the next {@link #refresh()}.
     */
    public FoldedWhole refreshDeciding() throws SQLException {
        return deciding.refresh();
    }

    /** Folds every row of these records not yet folded, so each is whole as of now; the watermark stays. */
    public RefreshResult foldWhole(Collection<RecordKey> records) throws SQLException {
        return refresh.foldWhole(records);
    }

    /** Rebuilds the kind's projection from all its rows; the result equals what incremental refreshes give. */
    public RefreshResult rebuild() throws SQLException {
        return refresh.rebuild();
    }
}
