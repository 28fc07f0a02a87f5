package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.mission.Mission;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Refresh, due query and listing against a real database, as the unprivileged service role. */
class MissionProjectionTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    private static final String PAST = "2026-01-01T06:00:00.000Z";
    private static final String FUTURE = "2999-01-01T06:00:00.000Z";
    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private MissionProjection projection;

    @BeforeEach
    void drain() throws SQLException {
        projection = db.projection();
        projection.refresh();
    }

    private void mission(String user, String id, String data) throws SQLException {
        db.insertMissionChange(user, id, "insert", data, null, null);
    }

    private static String active(String title, String nextRunAt) {
        return "{\"title\":\"" + title + "\",\"state\":\"active\",\"nextRunAt\":\"" + nextRunAt + "\","
                + "\"iterations\":[],\"cadence\":{\"kind\":\"manual\"}}";
    }

    private List<String> dueIds(String user) throws SQLException {
        return projection.dueAt(NOW).missions().stream().filter(m -> m.userId().equals(user))
                .map(Mission::id).toList();
    }

    @Test
    void sameMissionIdOfTwoUsersAreTwoMissions() throws SQLException {
        mission("u-same-a", "m1", active("A's", PAST));
        mission("u-same-b", "m1", active("B's", PAST));

        RefreshResult result = projection.refresh();

        assertThat(result.recordsUpdated()).isEqualTo(2);
        assertThat(projection.dueAt(NOW).missions()).filteredOn(m -> m.userId().startsWith("u-same-"))
                .extracting(Mission::userId, Mission::title)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("u-same-a", "A's"),
                        org.assertj.core.groups.Tuple.tuple("u-same-b", "B's"));
    }

    @Test
    void aRefreshTellsMissionsNewToTheSnapshotFromChangedOnes() throws SQLException {
        mission("u-count", "known", active("first", PAST));
        projection.refresh();
        mission("u-count", "known", active("renamed", FUTURE));
        mission("u-count", "new", active("second", PAST));

        RefreshResult result = projection.refresh();

        assertThat(result.recordsCreated()).isEqualTo(1);
        assertThat(result.recordsChanged()).isEqualTo(1);
        RefreshResult again = projection.refresh();
        assertThat(again.recordsCreated()).as("rows read again change nothing").isZero();
        assertThat(again.recordsChanged()).isZero();
    }

    @Test
    void claimableLeavesOutSlotsThatAreFinishedBackingOffOrLeased() throws SQLException {
        for (String id : List.of("free", "done", "backoff", "leased", "lease-expired", "old-slot-done")) {
            mission("u-claim", id, active(id, PAST));
        }
        projection.refresh();
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mana_ai.run_slots (user_id, mission_id, slot, status, next_attempt_at, lease_owner,
                                               lease_until)
                VALUES ('u-claim', 'done', ?, 'done', now(), NULL, NULL),
                       ('u-claim', 'backoff', ?, 'pending', now() + interval '1 hour', NULL, NULL),
                       ('u-claim', 'leased', ?, 'pending', now(), 'other', now() + interval '1 hour'),
                       ('u-claim', 'lease-expired', ?, 'pending', now(), 'dead', now() - interval '1 second'),
                       ('u-claim', 'old-slot-done', '2025-01-01T00:00:00.000Z', 'done', now(), NULL, NULL)""")) {
            for (int i = 1; i <= 4; i++) {
                ps.setString(i, PAST);
            }
            ps.executeUpdate();
        }

        List<String> claimable = projection.claimableAt(Instant.now(), 100, SlotStore::unclaimable).missions().stream()
                .filter(m -> m.userId().equals("u-claim")).map(Mission::id).toList();

        assertThat(claimable).containsExactlyInAnyOrder("free", "lease-expired", "old-slot-done");
        assertThat(dueIds("u-claim")).as("due is due, whatever the slots say").hasSize(6);
    }

    @Test
    void aSecondRefreshWithoutNewRowsChangesNothing() throws SQLException {
        mission("u-idem", "m1", active("t", PAST));
        projection.refresh();
        List<String> before = SnapshotRows.all(db.admin());

        RefreshResult again = projection.refresh();

        assertThat(again.recordsUpdated()).isZero();
        assertThat(SnapshotRows.all(db.admin())).isEqualTo(before);
    }

    @Test
    void laterRowsFoldIntoTheStoredState() throws SQLException {
        mission("u-later", "m1", active("first", PAST));
        projection.refresh();
        db.insertMissionChange("u-later", "m1", "update", "{\"state\":\"paused\"}",
                "{\"state\":\"2999-01-01T00:00:00.000Z\"}", null);
        projection.refresh();
        assertThat(dueIds("u-later")).isEmpty();

        db.insertMissionChange("u-later", "m1", "update", "{\"state\":\"active\",\"title\":\"second\"}",
                "{\"state\":\"3000-01-01T00:00:00.000Z\",\"title\":\"3000-01-01T00:00:00.000Z\"}", null);
        projection.refresh();
        assertThat(projection.dueAt(NOW).missions()).filteredOn(m -> m.userId().equals("u-later"))
                .extracting(Mission::title).containsExactly("second");
    }

    @Test
    void dueMeansActiveNotDeletedAndNextRunAtAnIsoStringNotAfterNow() throws SQLException {
        String user = "u-due";
        mission(user, "due", active("due", PAST));
        mission(user, "exactly-now", active("now", "2026-06-01T00:00:00.000Z"));
        mission(user, "offset-form", active("offset", "2026-06-01T01:59:59+02:00"));
        mission(user, "future", active("future", FUTURE));
        mission(user, "paused", active("p", PAST).replace("\"active\"", "\"paused\""));
        mission(user, "epoch-number", "{\"state\":\"active\",\"nextRunAt\":1700000000000}");
        mission(user, "garbled", active("g", "soon"));
        mission(user, "ancient", active("a", "-009999-01-01T00:00:00Z"));
        mission(user, "deleted", active("d", PAST));
        db.insertMissionChange(user, "deleted", "delete", null, null, null);
        projection.refresh();

        assertThat(dueIds(user)).containsExactly("ancient", "due", "offset-form", "exactly-now");
    }

    @Test
    void dueRecordsThatAreNotMissionsAreSkippedWithTheirReason() throws SQLException {
        mission("u-bad-shape", "numeric-title", "{\"title\":42,\"state\":\"active\",\"nextRunAt\":\"" + PAST + "\"}");
        mission("u-bad-shape", "fine", active("fine", PAST));
        projection.refresh();

        DueMissions due = projection.dueAt(NOW);

        assertThat(due.missions()).extracting(Mission::id).contains("fine").doesNotContain("numeric-title");
        assertThat(due.skipped()).filteredOn(i -> i.userId().equals("u-bad-shape"))
                .extracting(Mission.Invalid::missionId, Mission.Invalid::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("numeric-title", "title is NUMBER, not a string"));
    }

    @Test
    void theLimitBoundsTheDueMissionsOldestFirst() throws SQLException {
        mission("u-limit", "oldest", active("o", "1999-01-01T00:00:00.000Z"));
        mission("u-limit", "older", active("o", "1999-01-02T00:00:00.000Z"));
        projection.refresh();
        assertThat(projection.claimableAt(NOW, 2, (user, mission, slot) -> "false").missions()).extracting(Mission::id).containsExactly("oldest", "older");
    }

    @Test
    void malformedRowsAreSkippedCountedOnceAndNeverStopTheRefresh() throws SQLException {
        String user = "u-malformed";
        mission(user, "m1", active("survives", PAST));
        db.insertMissionChange(user, "m1", "update", "[\"array\"]", null, null);
        db.insertMissionChange(user, "m1", "update", "\"text\"", null, null);
        db.insertMissionChange(user, "m1", "upsert", "{\"title\":\"bad op\"}", null, null);
        db.insertMissionChange(user, "m2", "update", "{\"title\":\"types\"}", "[\"not an object\"]", null);
        db.insertMissionChange(user, "m2", "update", "{\"state\":\"active\",\"nextRunAt\":\"" + PAST + "\"}",
                "{\"state\":\"not a time\",\"nextRunAt\":17}", null);
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, created_at)
                VALUES ('ai', 'aiMissions', 'm1', ?, 'update', '{"title":"from infinity"}', 'infinity')""")) {
            ps.setString(1, user);
            ps.executeUpdate();
        }

        RefreshResult first = projection.refresh();
        RefreshResult second = projection.refresh();

        assertThat(first.malformedSkipped()).isEqualTo(4);
        assertThat(second.malformedSkipped()).as("re-read rows are not counted again").isZero();
        assertThat(second.rowsRead()).as("the infinity row is re-read").isPositive();
        assertThat(projection.dueAt(NOW).missions()).filteredOn(m -> m.userId().equals(user))
                .extracting(Mission::id, Mission::title).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("m1", "survives"),
                        org.assertj.core.groups.Tuple.tuple("m2", "types"));
    }

    @Test
    void theListingShowsOneUsersMissionsInTheSpecShape() throws SQLException {
        String user = "u-list";
        mission(user, "m1", """
                {"title":"Plan","state":"active","nextRunAt":"2026-05-01T06:00:00.000Z","iterations":[
                  {"id":"it-1","startedAt":"2026-04-01T06:00:00.000Z","overallStatus":"approved","source":"server"},
                  {"id":"it-2","startedAt":"2026-04-02T06:00:00.000Z","overallStatus":"awaiting-review"},
                  "not an iteration"]}""");
        mission(user, "m2", "{\"title\":7,\"iterations\":{}}");
        mission(user, "m3", "{\"title\":\"enc:1:aXY=.Y3Q=\"}");
        mission(user, "gone", active("gone", PAST));
        db.insertMissionChange(user, "gone", "delete", null, null, null);
        mission("u-list-other", "m3", active("other", PAST));
        projection.refresh();

        UserMissions listing = projection.missionsOf(user);

        assertThat(listing.userId()).isEqualTo(user);
        assertThat(listing.missions()).containsExactly(
                new MissionSummary("m1", "Plan", "active", "2026-05-01T06:00:00.000Z", 3,
                        new MissionSummary.LastServerIteration("it-1", "2026-04-01T06:00:00.000Z", "approved"), null),
                new MissionSummary("m2", null, null, null, 0, null, null),
                new MissionSummary("m3", "(encrypted)", null, null, 0, null, null));
    }
}
