package how.mana.ai.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.db.SlotCondition;
import how.mana.ai.mission.IsoTime;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The missions of every user (app {@code ai}, table {@code aiMissions}), projected as the record kind
 * {@link #KIND}: refreshed incrementally at the start of every tick, rebuildable from scratch, queried for due
 * missions and per user. Works with a service role that has neither superuser nor BYPASSRLS.
 */
public final class MissionProjection {
    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999Z");

    /**
     * Missions, with the snapshot columns the due query filters on: the same rules as {@code Mission.isDueAt}
     * (state as text; {@code nextRunAt} only as a parseable ISO string, clamped into years 1..9999 so PostgreSQL
     * can store it — a clamped instant is due, or not, exactly when the real one is, for any {@code now} in that
     * range — and its raw text, the key of the due slot).
     */
    public static final RecordKind KIND = new RecordKind("mission", "ai", "aiMissions", List.of(
            new SnapshotColumn("mission_state", "text", Set.of("state"), record -> text(record, "state")),
            new SnapshotColumn("next_run_at", "timestamptz", Set.of("nextRunAt"),
                    record -> Optional.ofNullable(text(record, "nextRunAt")).flatMap(IsoTime::parse)
                            .map(at -> at.isBefore(FIRST) ? FIRST : at.isAfter(LAST) ? LAST : at)
                            .map(Instant::toString).orElse(null)),
            new SnapshotColumn("next_run_at_text", "text", Set.of("nextRunAt"), record -> text(record, "nextRunAt"))));

    private final RecordProjection records;
    private final DueMissionQuery due;
    private final UserMissionListing listing;
    private final ProjectionPrivileges privileges;

    /** @param rebuildReads see {@link RecordProjection#RecordProjection} */
    public MissionProjection(DataSource serviceDataSource, DataSource rebuildReads) {
        this.records = new RecordProjection(KIND, serviceDataSource, rebuildReads);
        this.due = new DueMissionQuery(serviceDataSource);
        this.listing = new UserMissionListing(serviceDataSource);
        this.privileges = new ProjectionPrivileges(serviceDataSource, List.of(KIND, AgentProjection.KIND));
    }

    /** Folds the mission rows that arrived since the last refresh into the snapshot. */
    public RefreshResult refresh() throws SQLException {
        return records.refresh();
    }

    /**
     * Continuous planning's refresh, every poll: folds whole each mission with a new row changing {@code state},
     * {@code nextRunAt} or {@code deletedAt} (so the due query is as fresh as after {@link #refresh()}), and leaves
     * every other new row to the next {@link #refresh()}.
     */
    public FoldedWhole refreshDeciding() throws SQLException {
        return records.refreshDeciding();
    }

    /** Folds the rows of these missions not yet folded, so each is whole as of now (before planning it). */
    public RefreshResult foldWhole(Collection<RecordKey> missions) throws SQLException {
        return records.foldWhole(missions);
    }

    /** Rebuilds the snapshot from every mission row; the result equals what incremental refreshes give. */
    public RefreshResult rebuild() throws SQLException {
        return records.rebuild();
    }

    /** Missions due at {@code now} per the snapshot (refresh first), oldest {@code nextRunAt} first. */
    public DueMissions dueAt(Instant now) throws SQLException {
        return due.at(now, null, Optional.empty());
    }

    /**
     * The due missions a tick can work on now: as {@link #dueAt(Instant)}, at most {@code limit} of them, less those
     * whose current slot is {@code unclaimable} (finished, waiting for its retry backoff, or leased by a run in
     * progress — the slots' owner says which).
     */
    public DueMissions claimableAt(Instant now, int limit, SlotCondition unclaimable) throws SQLException {
        return due.at(now, limit, Optional.of(unclaimable));
    }

    /** One user's missions that are not deleted, ordered by id. */
    public UserMissions missionsOf(String userId) throws SQLException {
        return listing.of(userId);
    }

    /** The condition, for another package's query, that a slot is its mission's current due slot in the snapshot. */
    public static String isCurrentSlot(String userId, String missionId, String slot) {
        return """
                EXISTS (SELECT 1 FROM %s snapshot
                        WHERE snapshot.user_id = %s AND snapshot.%s = %s AND snapshot.next_run_at_text = %s)"""
                .formatted(KIND.snapshotsTable(), userId, KIND.idColumn(), missionId, slot);
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

    private static String text(ObjectNode record, String field) {
        JsonNode node = record.get(field);
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
