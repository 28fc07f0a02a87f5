package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random mission rows built to collide: few fields, few instants (ties), few created_at values, unparseable stamps,
 * deletes, malformed rows. Shared by the fold's properties and the projection's, which check the SQL merge.
 */
public final class SyncRowArbitraries {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<String> FIELDS = List.of("title", "state", "nextRunAt", "deletedAt", "updatedAt",
            "createdAt", "x-unknown");
    private static final List<String> STAMPS = List.of("2026-04-15T06:00:00Z", "2026-04-15T06:00:00.000Z",
            "2026-04-15T08:00:00+02:00", "2026-04-15T07:00:00Z", "2026-04-15", "not a time", "");
    private static final List<String> CREATED = List.of("2026-04-15T05:00:00Z", "2026-04-15T06:00:00Z",
            "2026-04-15T06:00:00.000001Z");
    private static final int MAX_ROWS = 24;

    private SyncRowArbitraries() {
    }

    /**
     * Rows of the given users' missions. Row ids are distinct (as in the table) but in random order, so that the id
     * tie-break is exercised.
     */
    public static Arbitrary<List<SyncRow>> histories(List<String> users, List<String> missions) {
        List<String> ids = IntStream.range(0, MAX_ROWS).mapToObj(i -> "%02x".formatted(i * 11)).toList();
        return Combinators.combine(Arbitraries.shuffle(ids), row(users, missions).list().ofMaxSize(ids.size()))
                .as((order, rows) -> {
                    List<SyncRow> out = new ArrayList<>();
                    for (int i = 0; i < rows.size(); i++) {
                        SyncRow r = rows.get(i);
                        out.add(new SyncRow(order.get(i), r.appId(), r.tableName(), r.recordId(), r.userId(),
                                r.op(), r.data(), r.fieldTimestamps(), r.createdAt()));
                    }
                    return out;
                });
    }

    private static Arbitrary<SyncRow> row(List<String> users, List<String> missions) {
        Arbitrary<String> op = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just("insert")),
                Tuple.of(6, Arbitraries.just("update")),
                Tuple.of(2, Arbitraries.just("delete")),
                Tuple.of(1, Arbitraries.just("bogus")));
        Arbitrary<JsonNode> data = Arbitraries.frequencyOf(
                Tuple.of(10, objectOf(value())),
                Tuple.of(1, Arbitraries.just(null)),
                Tuple.of(1, Arbitraries.just(JSON.arrayNode().add(1))));
        Arbitrary<JsonNode> stamps = objectOf(Arbitraries.of(STAMPS).map(s -> (JsonNode) JSON.textNode(s)));
        Arbitrary<Instant> created = Arbitraries.frequencyOf(
                Tuple.of(20, Arbitraries.of(CREATED).map(Instant::parse)),
                Tuple.of(1, Arbitraries.just(null)));
        return Combinators.combine(Arbitraries.of(users), Arbitraries.of(missions), op, data, stamps, created)
                .as((u, m, o, d, s, c) -> new SyncRow("unset", "ai", "aiMissions", m, u, o, d, s, c));
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
