package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.sync.RecordFold;
import how.mana.ai.sync.RecordState;
import how.mana.ai.sync.RowOffer;
import how.mana.ai.sync.RowOffers;
import how.mana.ai.sync.SyncRow;
import how.mana.ai.sync.SyncRowArbitraries;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * PostgreSQL's merge of field candidates ({@link SnapshotMerge}) is the fold: random rows of a few missions, cut
 * into random batches, applied in random order with some rows repeated, leave exactly the in-memory fold of all
 * rows in {@code mission_fields}, and the snapshot columns that fold implies in {@code mission_snapshots}.
 */
class SnapshotMergeProperties {
    private static final ManaSyncDatabase db = new ManaSyncDatabase();

    @BeforeContainer
    static void createDatabase() throws Exception {
        db.beforeAll(null);
    }

    @AfterContainer
    static void dropDatabase() throws Exception {
        db.afterAll(null);
    }

    @Property(tries = 150)
    void batchesMergedInAnyOrderEqualTheFoldOfAllRows(@ForAll("histories") List<SyncRow> rows,
                                                      @ForAll long seed) throws SQLException {
        clear();
        Random random = new Random(seed);
        List<SyncRow> shuffled = new ArrayList<>(rows);
        for (SyncRow row : rows) {
            if (random.nextInt(4) == 0) {
                shuffled.add(row);
            }
        }
        Collections.shuffle(shuffled, random);
        try (Connection c = db.service().getConnection()) {
            int from = 0;
            while (from < shuffled.size()) {
                int to = Math.min(shuffled.size(), from + 1 + random.nextInt(6));
                SnapshotMerge.apply(c, MissionProjection.KIND, foldPerMission(shuffled.subList(from, to)));
                from = to;
            }
        }
        assertMatchesTheFoldOf(rows);
    }

    @Property(tries = 50)
    void aRebuildBatchEqualsTheFoldOfAllRows(@ForAll("histories") List<SyncRow> rows) throws SQLException {
        clear();
        // Encoded on one connection and sent on another, as the rebuild's reading and writing threads do.
        try (Connection reader = db.service().getConnection(); Connection writer = db.service().getConnection()) {
            RebuildBatch.encode(reader, MissionProjection.KIND, new FoldedBatches.Batch(foldPerMission(rows), List.of()))
                    .write(writer, MissionProjection.KIND);
        }
        assertMatchesTheFoldOf(rows);
    }

    @Provide
    Arbitrary<List<SyncRow>> histories() {
        return SyncRowArbitraries.histories(List.of("alice", "bob"), List.of("m1", "m2"));
    }

    /** What {@link SnapshotRefresh} hands to the merge: each mission's rows of the batch, folded. */
    private static Map<RecordKey, RecordState> foldPerMission(List<SyncRow> rows) {
        Map<RecordKey, RecordState> folded = new LinkedHashMap<>();
        for (SyncRow row : rows) {
            if (RowOffers.of(row) instanceof RowOffer.Fields fields) {
                folded.merge(new RecordKey(row.userId(), row.recordId()), RecordState.EMPTY.with(fields),
                        RecordState::merge);
            }
        }
        return folded;
    }

    private static void assertMatchesTheFoldOf(List<SyncRow> rows) throws SQLException {
        Map<RecordKey, List<SyncRow>> perMission = new HashMap<>();
        rows.forEach(r -> perMission.computeIfAbsent(new RecordKey(r.userId(), r.recordId()), k -> new ArrayList<>())
                .add(r));
        Map<RecordKey, RecordState> expected = new HashMap<>();
        perMission.forEach((key, history) -> {
            RecordState state = RecordFold.of(history).state();
            if (!state.isEmpty()) {
                expected.put(key, state);
            }
        });
        assertThat(StoredFields.all(db.admin())).isEqualTo(expected);
        Map<RecordKey, SnapshotRow> expectedRows = new HashMap<>();
        expected.forEach((key, state) -> expectedRows.put(key, SnapshotRow.of(MissionProjection.KIND, state.current())));
        assertThat(storedRows()).isEqualTo(expectedRows);
    }

    private static Map<RecordKey, SnapshotRow> storedRows() throws SQLException {
        Map<RecordKey, SnapshotRow> columns = new HashMap<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT user_id, mission_id, deleted, mission_state, next_run_at, next_run_at_text
                     FROM mana_ai.mission_snapshots""")) {
            while (rs.next()) {
                columns.put(new RecordKey(rs.getString(1), rs.getString(2)), new SnapshotRow(rs.getBoolean(3),
                        Arrays.asList(rs.getString(4), Optional.ofNullable(rs.getObject(5, OffsetDateTime.class))
                                .map(at -> at.toInstant().toString()).orElse(null), rs.getString(6))));
            }
        }
        return columns;
    }

    private static void clear() throws SQLException {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM mana_ai.mission_fields");
            s.execute("DELETE FROM mana_ai.mission_snapshots");
        }
    }
}
