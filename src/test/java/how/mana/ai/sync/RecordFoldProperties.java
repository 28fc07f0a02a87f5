package how.mana.ai.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fold is order-independent, idempotent and mergeable, over random histories built to collide: few fields,
 * few instants (ties), few row ids, unparseable stamps, deletes, malformed rows.
 */
class RecordFoldProperties {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("title", "state", "nextRunAt", "deletedAt", "updatedAt",
            "createdAt", "x-unknown");
    private static final List<String> STAMPS = List.of("2026-04-15T06:00:00Z", "2026-04-15T06:00:00.000Z",
            "2026-04-15T08:00:00+02:00", "2026-04-15T07:00:00Z", "2026-04-15", "not a time", "");
    private static final List<String> CREATED = List.of("2026-04-15T05:00:00Z", "2026-04-15T06:00:00Z",
            "2026-04-15T06:00:00.000001Z");

    @Property
    void shuffledRowsFoldToTheSameState(@ForAll("histories") List<SyncRow> rows, @ForAll long seed) {
        List<SyncRow> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(RecordFold.of(shuffled).state()).isEqualTo(RecordFold.of(rows).state());
    }

    @Property
    void duplicatedRowsChangeNothing(@ForAll("histories") List<SyncRow> rows, @ForAll long seed) {
        List<SyncRow> doubled = new ArrayList<>(rows);
        Random random = new Random(seed);
        for (SyncRow row : rows) {
            if (random.nextBoolean()) {
                doubled.add(random.nextInt(doubled.size() + 1), row);
            }
        }
        assertThat(RecordFold.of(doubled).state()).isEqualTo(RecordFold.of(rows).state());
    }

    @Property
    void mergingFoldsOfAnySplitEqualsFoldingAll(@ForAll("histories") List<SyncRow> rows,
                                                @ForAll @IntRange(min = 0, max = 30) int cut,
                                                @ForAll @IntRange(min = 0, max = 30) int overlap) {
        int at = Math.min(cut, rows.size());
        int back = Math.max(0, at - overlap);
        RecordState first = RecordFold.of(rows.subList(0, at)).state();
        RecordState second = RecordFold.of(rows.subList(back, rows.size())).state();
        RecordState all = RecordFold.of(rows).state();
        assertThat(first.merge(second)).isEqualTo(all);
        assertThat(second.merge(first)).isEqualTo(all);
        assertThat(all.merge(all)).isEqualTo(all);
    }

    @Property
    void theStoredFormRoundTrips(@ForAll("histories") List<SyncRow> rows) {
        RecordState state = RecordFold.of(rows).state();
        assertThat(RecordStateJson.fromJson(RecordStateJson.toJson(state))).isEqualTo(state);
    }

    @Property
    void eachFieldHoldsTheValueOfItsGreatestCandidate(@ForAll("histories") List<SyncRow> rows) {
        JsonNode record = RecordFold.of(rows).state().current().record();
        for (SyncRow row : rows) {
            if (RowOffers.of(row) instanceof RowOffer.Fields offer) {
                offer.candidates().forEach((name, candidate) -> assertThat(record.has(name)).isTrue());
            }
        }
        record.fieldNames().forEachRemaining(name -> assertThat(rows.stream()
                .map(RowOffers::of).filter(RowOffer.Fields.class::isInstance).map(RowOffer.Fields.class::cast)
                .map(o -> o.candidates().get(name)).filter(java.util.Objects::nonNull)
                .max(FieldCandidate.PRECEDENCE).orElseThrow().value()).isEqualTo(record.get(name)));
    }

    /** Row ids are distinct (as in the table) but in random order, so that the id tie-break is exercised. */
    @Provide
    Arbitrary<List<SyncRow>> histories() {
        List<String> ids = List.of("0a", "0b", "1f", "c3", "ff", "ab", "10", "9e", "a0", "07", "e1", "5d");
        return Combinators.combine(Arbitraries.shuffle(ids), row().list().ofMaxSize(ids.size())).as((order, rows) -> {
            List<SyncRow> out = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                SyncRow r = rows.get(i);
                out.add(new SyncRow(order.get(i), r.appId(), r.tableName(), r.recordId(), r.userId(), r.op(),
                        r.data(), r.fieldTimestamps(), r.createdAt()));
            }
            return out;
        });
    }

    private Arbitrary<SyncRow> row() {
        Arbitrary<String> id = Arbitraries.just("unset");
        Arbitrary<String> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just("insert")),
                net.jqwik.api.Tuple.of(6, Arbitraries.just("update")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("delete")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("bogus")));
        Arbitrary<JsonNode> data = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, objectOf(value())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(JSON.arrayNode().add(1))));
        Arbitrary<JsonNode> stamps = objectOf(Arbitraries.of(STAMPS).map(s -> (JsonNode) JSON.textNode(s)));
        Arbitrary<Instant> created = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, Arbitraries.of(CREATED).map(Instant::parse)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(id, op, data, stamps, created).as((i, o, d, s, c) ->
                new SyncRow(i, "ai", "aiMissions", "m1", "alice", o, d, s, c));
    }

    private static Arbitrary<JsonNode> value() {
        return Arbitraries.oneOf(
                Arbitraries.of(STAMPS).map(JSON::textNode),
                Arbitraries.integers().between(-3, 3).map(JSON::numberNode),
                Arbitraries.just(JSON.nullNode()),
                Arbitraries.just(JSON.objectNode().put("nested", "☃")));
    }

    private static Arbitrary<JsonNode> objectOf(Arbitrary<JsonNode> values) {
        return Arbitraries.subsetOf(FIELDS).flatMap(keys -> values.list().ofSize(keys.size()).map(vs -> {
            ObjectNode o = JSON.objectNode();
            int i = 0;
            for (String k : keys) {
                o.set(k, vs.get(i++));
            }
            return (JsonNode) o;
        }));
    }
}
