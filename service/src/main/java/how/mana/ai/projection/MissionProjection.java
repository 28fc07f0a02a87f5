package how.mana.ai.projection;

import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The missions of every user, projected from {@code sync_changes} into {@code mana_ai} (SPEC §4, §7): refreshed
 * incrementally at the start of every tick, rebuildable from scratch, queried for due missions and per user.
 * Works with a service role that has neither superuser nor BYPASSRLS.
 */
public final class MissionProjection {
    private final SnapshotRefresh refresh;
    private final DueMissionQuery due;
    private final UserMissionListing listing;
    private final ProjectionPrivileges privileges;

    /**
     * @param serviceDataSource the service's pool
     * @param rebuildReads      where folding every mission row takes its two reading connections while it holds one
     *                          of {@code serviceDataSource} for the writes: a pool of its own in the service, so that
     *                          the two never wait for each other's connections
     */
    public MissionProjection(DataSource serviceDataSource, DataSource rebuildReads) {
        this.refresh = new SnapshotRefresh(serviceDataSource, rebuildReads);
        this.due = new DueMissionQuery(serviceDataSource);
        this.listing = new UserMissionListing(serviceDataSource);
        this.privileges = new ProjectionPrivileges(serviceDataSource);
    }

    /** Folds the mission rows that arrived since the last refresh into the snapshot. */
    public RefreshResult refresh() throws SQLException {
        return refresh.refresh();
    }

    /** Rebuilds the snapshot from every mission row; the result equals what incremental refreshes give. */
    public RefreshResult rebuild() throws SQLException {
        return refresh.rebuild();
    }

    /** Missions due at {@code now} per the snapshot (refresh first), oldest {@code nextRunAt} first. */
    public DueMissions dueAt(Instant now) throws SQLException {
        return due.at(now, null, false);
    }

    /** As {@link #dueAt(Instant)}, reading at most {@code limit} due snapshot rows. */
    public DueMissions dueAt(Instant now, int limit) throws SQLException {
        return due.at(now, limit, false);
    }

    /**
     * The due missions a tick can work on now: as {@link #dueAt(Instant, int)}, less those whose current slot is
     * already finished, waiting for its retry backoff, or leased by a run in progress.
     */
    public DueMissions claimableAt(Instant now, int limit) throws SQLException {
        return due.at(now, limit, true);
    }

    /** One user's missions that are not deleted, ordered by id. */
    public UserMissions missionsOf(String userId) throws SQLException {
        return listing.of(userId);
    }

    /**
     * Call at start-up: fails with a clear message when {@code migrate} was not run by an administrator, in which
     * case the projection would silently see nothing.
     *
     * @throws IllegalStateException saying what is wrong and how to fix it
     */
    public void checkPrivileges() throws SQLException {
        privileges.check();
    }
}
