package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.sync.RecordState;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * A poll's refresh ({@link DecidingRefresh}) keeps the due query as a full refresh would: for random histories of
 * edits to a few missions — deciding fields and others, inserts, updates and deletes — polled round after round with
 * now and then a full refresh in between, after every poll each mission's snapshot row is the one the fold of all its
 * rows gives, and each mission the poll folded whole holds that fold field by field; a last full refresh leaves
 * exactly the fold of all rows.
 */
class DecidingRefreshProperties {
    private static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final String USER = "u-prop";

    @BeforeContainer
    static void createDatabase() throws Exception {
        db.beforeAll(null);
    }

    @AfterContainer
    static void dropDatabase() throws Exception {
        db.afterAll(null);
    }

    /** One row a device writes: {@code field} set to {@code value} (a delete carries no data). */
    record Edit(int mission, String op, String field, String value) {
        String data() {
            return op.equals("delete") ? null : "{\"" + field + "\":\"" + value + "\"}";
        }
    }

    /** The rows written before a poll, and whether a pass's full refresh runs before it. */
    record Round(List<Edit> edits, boolean fullRefreshFirst) {
    }

    @Property(tries = 100)
    void afterEveryPollTheSnapshotRowsAreThoseOfTheFoldOfAllRows(@ForAll("rounds") List<Round> rounds)
            throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM sync_changes");
        }
        MissionProjection projection = db.projection();
        projection.rebuild();
        for (int round = 0; round < rounds.size(); round++) {
            for (Edit edit : rounds.get(round).edits()) {
                db.insertMissionChange(USER, "m" + edit.mission(), edit.op(), edit.data(), null, null);
            }
            if (rounds.get(round).fullRefreshFirst()) {
                projection.refresh();
            }
            FoldedWhole polled = projection.refreshDeciding();

            Map<RecordKey, RecordState> all = StoredFields.foldOfAllRows(db);
            Map<RecordKey, RecordState> stored = StoredFields.all(db.admin());
            assertThat(snapshotRows()).as("round %d", round).isEqualTo(decidingRowsOf(all));
            for (RecordKey whole : polled.records()) {
                assertThat(stored.get(whole)).as("round %d, %s", round, whole).isEqualTo(all.get(whole));
            }
        }
        projection.refresh();
        assertThat(StoredFields.all(db.admin())).isEqualTo(StoredFields.foldOfAllRows(db));
    }

    @Provide
    Arbitrary<List<Round>> rounds() {
        Arbitrary<Edit> edit = Combinators.combine(
                Arbitraries.integers().between(0, 5),
                Arbitraries.of("insert", "update", "update", "delete"),
                Arbitraries.of("title", "objective", "state", "nextRunAt"),
                Arbitraries.of("active", "paused", "2026-01-01T00:00:00.000Z", "2026-02-01T00:00:00.000Z", "x"))
                .as(Edit::new);
        Arbitrary<Round> round = Combinators.combine(edit.list().ofMaxSize(5),
                Arbitraries.integers().between(0, 5).map(i -> i == 0)).as(Round::new);
        return round.list().ofMinSize(1).ofMaxSize(15);
    }

    /** What the due query reads of the snapshot rows a full fold gives: of each record with a deciding field. */
    private static Map<RecordKey, List<Object>> decidingRowsOf(Map<RecordKey, RecordState> folds) {
        Map<RecordKey, List<Object>> rows = new HashMap<>();
        folds.forEach((key, state) -> {
            if (hasDecidingField(state)) {
                SnapshotRow row = SnapshotRow.of(MissionProjection.KIND, state);
                rows.put(key, Arrays.asList(row.deleted(), row.values().get(0), row.values().get(2)));
            }
        });
        return rows;
    }

    /** The same of the stored snapshot rows of the records with a deciding field stored. */
    private static Map<RecordKey, List<Object>> snapshotRows() throws SQLException {
        Map<RecordKey, List<Object>> rows = new HashMap<>();
        StoredFields.all(db.admin()).forEach((key, state) -> {
            if (hasDecidingField(state)) {
                rows.put(key, null);
            }
        });
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT user_id, mission_id, deleted, mission_state, next_run_at_text FROM mana_ai.mission_snapshots")) {
            while (rs.next()) {
                RecordKey key = new RecordKey(rs.getString(1), rs.getString(2));
                if (rows.containsKey(key)) {
                    rows.put(key, Arrays.asList(rs.getBoolean(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return rows;
    }

    private static boolean hasDecidingField(RecordState state) {
        return state.fields().keySet().stream().anyMatch(MissionProjection.KIND.decidingFields()::contains);
    }
}
