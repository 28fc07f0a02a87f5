package how.mana.ai.projection;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * One record kind projected from {@code sync_changes} into {@code mana_ai} (SPEC §4, §7): refreshed incrementally,
 * rebuildable from scratch, with the same last-writer-wins fold and the same lossless refresh for every kind.
 */
public final class RecordProjection {
    private final RecordKind kind;
    private final SnapshotRefresh refresh;

    /**
     * @param serviceDataSource the service's pool
     * @param rebuildReads      where folding every row takes its two reading connections while it holds one of
     *                          {@code serviceDataSource} for the writes: a pool of its own in the service, so that
     *                          the two never wait for each other's connections
     */
    public RecordProjection(RecordKind kind, DataSource serviceDataSource, DataSource rebuildReads) {
        this.kind = kind;
        this.refresh = new SnapshotRefresh(kind, serviceDataSource, rebuildReads);
    }

    public RecordKind kind() {
        return kind;
    }

    /** Folds the kind's rows that arrived since the last refresh into its projection. */
    public RefreshResult refresh() throws SQLException {
        return refresh.refresh();
    }

    /** Rebuilds the kind's projection from all its rows; the result equals what incremental refreshes give. */
    public RefreshResult rebuild() throws SQLException {
        return refresh.rebuild();
    }
}
