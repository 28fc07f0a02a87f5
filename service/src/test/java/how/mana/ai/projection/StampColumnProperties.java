package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.sync.RecordFold;
import how.mana.ai.sync.RecordState;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.sync.SyncRow;
import how.mana.ai.sync.SyncRowArbitraries;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The fold reads either stamp column alike (SPEC §10.4): the same rows stored in a generation-1 table
 * ({@code field_timestamps}) and in a generation-2 one ({@code field_meta}) fold, through each database's record
 * view, into the same projection — the in-memory fold of those rows.
 */
class StampColumnProperties {
    private static final ManaSyncDatabase generationOne = ManaSyncDatabase.of(SyncGeneration.ONE);
    private static final ManaSyncDatabase generationTwo = ManaSyncDatabase.of(SyncGeneration.TWO);

    @BeforeContainer
    static void createDatabases() throws Exception {
        generationOne.beforeAll(null);
        generationTwo.beforeAll(null);
    }

    @AfterContainer
    static void dropDatabases() throws Exception {
        generationOne.afterAll(null);
        generationTwo.afterAll(null);
    }

    @Property(tries = 60)
    void bothStampColumnsFoldToTheFoldOfTheRows(@ForAll("histories") List<SyncRow> generated) throws Exception {
        List<SyncRow> rows = storable(generated);
        Map<RecordKey, RecordState> expected = foldPerMission(rows);
        for (ManaSyncDatabase db : List.of(generationOne, generationTwo)) {
            store(db, rows);
            db.projection().rebuild();
            assertThat(StoredFields.all(db.admin())).as(db.generation().name()).isEqualTo(expected);
        }
    }

    @Provide
    Arbitrary<List<SyncRow>> histories() {
        return SyncRowArbitraries.histories(List.of("alice", "bob"), List.of("m1", "m2"));
    }

    /**
     * The rows as a table can hold them: a uuid id that sorts as the generated one does (the fold's last
     * tie-break), and no op outside the three a generation-2 table's CHECK allows.
     */
    private static List<SyncRow> storable(List<SyncRow> generated) {
        List<SyncRow> rows = new ArrayList<>();
        for (SyncRow r : generated) {
            if (List.of("insert", "update", "delete").contains(r.op())) {
                rows.add(new SyncRow("00000000-0000-0000-0000-0000000000" + r.id(), r.appId(), r.tableName(),
                        r.recordId(), r.userId(), r.op(), r.data(), r.fieldTimestamps(), r.createdAt()));
            }
        }
        return rows;
    }

    private static Map<RecordKey, RecordState> foldPerMission(List<SyncRow> rows) {
        Map<RecordKey, RecordFold> folds = new HashMap<>();
        rows.forEach(r -> folds.computeIfAbsent(new RecordKey(r.userId(), r.recordId()), k -> new RecordFold()).add(r));
        Map<RecordKey, RecordState> states = new HashMap<>();
        folds.forEach((key, fold) -> {
            if (!fold.state().isEmpty()) {
                states.put(key, fold.state());
            }
        });
        return states;
    }

    private static void store(ManaSyncDatabase db, List<SyncRow> rows) throws SQLException {
        try (Connection c = db.admin().getConnection()) {
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE sync_changes");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO sync_changes (id, app_id, table_name, record_id, user_id, op, data, %s, client_id,
                                              created_at)
                    VALUES (?::uuid, 'ai', 'aiMissions', ?, ?, ?, ?::jsonb, ?::jsonb, 'device',
                            coalesce(?, 'infinity'::timestamptz))"""
                    .formatted(db.syncTable().stampColumn()))) {
                for (SyncRow r : rows) {
                    ps.setString(1, r.id());
                    ps.setString(2, r.recordId());
                    ps.setString(3, r.userId());
                    ps.setString(4, r.op());
                    ps.setString(5, r.data() == null ? null : r.data().toString());
                    ps.setString(6, r.fieldTimestamps() == null ? null : r.fieldTimestamps().toString());
                    // A row read back with a non-finite created_at carries none.
                    ps.setObject(7, r.createdAt() == null ? null
                            : OffsetDateTime.ofInstant(r.createdAt(), ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }
}
