package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.mission.Mission;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A poll's refresh folds whole exactly the records whose deciding fields have new rows, so the due query sees what a
 * full refresh would show, every record is either as the last full refresh left it or whole, and the rows it leaves
 * are folded by the next full refresh.
 */
class DecidingRefreshTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    private MissionProjection projection;

    @BeforeEach
    void emptyProjection() throws Exception {
        execute("DELETE FROM sync_changes");
        projection = db.projection();
        projection.rebuild();
    }

    @Test
    void aPollFoldsWholeTheMissionsWhoseDecidingFieldsChangedAndLeavesTheOtherRowsToTheNextRefresh()
            throws Exception {
        insert("u1", "edited", "insert", "{\"title\":\"old title\",\"state\":\"active\"}");
        insert("u1", "started", "insert", "{\"title\":\"old\",\"objective\":\"old goal\",\"state\":\"active\"}");
        projection.refresh();
        projection.refreshDeciding();
        insert("u1", "edited", "update", "{\"title\":\"new title\"}");
        insert("u1", "started", "update", "{\"objective\":\"new goal\"}");
        insert("u1", "started", "update", "{\"nextRunAt\":\"2026-01-01T00:00:00.000Z\"}");

        FoldedWhole polled = projection.refreshDeciding();

        assertThat(polled.records()).containsExactly(new RecordKey("u1", "started"));
        assertThat(fields("u1", "started")).containsEntry("objective", "\"new goal\"")
                .containsEntry("nextRunAt", "\"2026-01-01T00:00:00.000Z\"");
        assertThat(fields("u1", "edited")).as("left to the next refresh").containsEntry("title", "\"old title\"");
        assertThat(projection.dueAt(Instant.parse("2026-06-01T00:00:00Z")).missions())
                .extracting(Mission::id).containsExactly("started");

        projection.refresh();

        assertThat(fields("u1", "edited")).containsEntry("title", "\"new title\"");
        assertThat(StoredFields.all(db.admin())).isEqualTo(StoredFields.foldOfAllRows(db));
    }

    @Test
    void aDeletionAndANewMissionAreDecidingAndAMissionWithoutDecidingFieldsWaits() throws Exception {
        insert("u1", "doomed", "insert", "{\"title\":\"doomed\",\"state\":\"active\"}");
        projection.refresh();
        projection.refreshDeciding();
        insert("u1", "doomed", "delete", null);
        insert("u1", "fresh", "insert", "{\"title\":\"fresh\",\"state\":\"active\"}");
        insert("u1", "draft", "insert", "{\"title\":\"a draft, nothing that decides\"}");

        FoldedWhole polled = projection.refreshDeciding();

        assertThat(polled.records()).containsExactlyInAnyOrder(new RecordKey("u1", "doomed"),
                new RecordKey("u1", "fresh"));
        assertThat(projection.missionsOf("u1").missions()).extracting(MissionSummary::id).containsExactly("fresh");
        projection.refresh();
        assertThat(projection.missionsOf("u1").missions()).extracting(MissionSummary::id)
                .containsExactly("draft", "fresh");
    }

    @Test
    void aDecidingRowOfATransactionOpenAcrossAPollIsFoldedByTheNextPollAndARowReadAgainIsNotFoldedAgain()
            throws Exception {
        projection.refreshDeciding();
        // created_at = the start of this transaction, before the row below and before the polls' horizons.
        try (Connection late = db.openMissionInsert("u-late", "late", "{\"state\":\"active\"}")) {
            insert("u-late", "early", "insert", "{\"state\":\"active\"}");

            assertThat(projection.refreshDeciding().records()).containsExactly(new RecordKey("u-late", "early"));
            assertThat(projection.refreshDeciding().records()).as("read again, folded already").isEmpty();

            late.commit();
        }

        assertThat(projection.refreshDeciding().records()).containsExactly(new RecordKey("u-late", "late"));
        assertThat(projection.missionsOf("u-late").missions()).extracting(MissionSummary::id)
                .containsExactly("early", "late");
    }

    @Test
    void aPollWhoseFoldFailsFailsWithTheDatabasesErrorAndTheNextPollFoldsWhatItMissed() throws Exception {
        projection.refreshDeciding();
        insert("u1", "m1", "insert", "{\"title\":\"after the failure\",\"state\":\"active\"}");
        // The deciding read works; merging the mission into the projection does not.
        execute("REVOKE INSERT ON mana_ai.mission_fields FROM " + db.roleName());
        try {
            assertThatThrownBy(projection::refreshDeciding).isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
        } finally {
            execute("GRANT INSERT ON mana_ai.mission_fields TO " + db.roleName());
        }

        assertThat(projection.refreshDeciding().records()).containsExactly(new RecordKey("u1", "m1"));
        assertThat(fields("u1", "m1")).containsEntry("title", "\"after the failure\"");
    }

    @Test
    void aPollOfAProjectionEmptiedByACrashFoldsEverything() throws Exception {
        insert("u1", "m1", "insert", "{\"title\":\"before the crash\"}");
        projection.refresh();
        execute("TRUNCATE mana_ai.mission_fields, mana_ai.mission_snapshots, mana_ai.projection_cursor");

        FoldedWhole polled = projection.refreshDeciding();

        assertThat(polled.result().recordsCreated()).isEqualTo(1);
        assertThat(projection.missionsOf("u1").missions()).extracting(MissionSummary::title)
                .containsExactly("before the crash");
        assertThat(StoredFields.all(db.admin())).isEqualTo(StoredFields.foldOfAllRows(db));
    }

    @Test
    void foldingAMissionWholeFoldsEveryRowOfItTheLastRefreshLeftAndNoOtherMission() throws Exception {
        insert("u1", "m1", "insert", "{\"title\":\"old\",\"state\":\"active\"}");
        insert("u2", "m1", "insert", "{\"title\":\"another user's m1\"}");
        insert("u1", "m2", "insert", "{\"title\":\"old\",\"state\":\"active\"}");
        projection.refresh();
        insert("u1", "m1", "update", "{\"title\":\"new\"}");
        insert("u1", "m2", "update", "{\"title\":\"new\"}");

        projection.foldWhole(List.of(new RecordKey("u1", "m1")));

        assertThat(fields("u1", "m1")).containsEntry("title", "\"new\"");
        assertThat(fields("u1", "m2")).containsEntry("title", "\"old\"");
        assertThat(fields("u2", "m1")).containsEntry("title", "\"another user's m1\"");
    }

    private static Map<String, String> fields(String user, String mission) throws SQLException {
        Map<String, String> fields = new HashMap<>();
        try (Connection c = db.admin().getConnection(); var ps = c.prepareStatement(
                "SELECT field, value::text FROM mana_ai.mission_fields WHERE user_id = ? AND mission_id = ?")) {
            ps.setString(1, user);
            ps.setString(2, mission);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fields.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return fields;
    }

    private static void insert(String user, String mission, String op, String data) throws SQLException {
        db.insertMissionChange(user, mission, op, data, null, null);
    }

    private static void execute(String sql) throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
