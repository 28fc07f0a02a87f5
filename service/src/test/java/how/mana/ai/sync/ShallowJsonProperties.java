package how.mana.ai.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Reading {@code data} one level deep loses nothing: every member reads back as the full parser reads it, and
 * folding shallow rows decides exactly what folding fully parsed rows decides.
 */
class ShallowJsonProperties {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Property(tries = 2000)
    void everyMemberReadsBackAsTheFullParserReadsIt(@ForAll("objects") JsonNode object) throws IOException {
        String text = object.toString();
        JsonNode full = MAPPER.readTree(text);
        JsonNode shallow = ShallowJson.parse(text);

        assertThat(names(shallow)).containsExactlyElementsOf(names(full));
        for (String name : names(full)) {
            JsonNode member = shallow.get(name);
            assertThat(MAPPER.readTree(ShallowJson.text(member))).as(name).isEqualTo(full.get(name));
            if (!full.get(name).isContainerNode()) {
                assertThat(member).as("scalars stay real nodes").isEqualTo(full.get(name));
            }
        }
    }

    @Property(tries = 500)
    void anythingButAnObjectIsParsedFully(@ForAll("values") JsonNode value) throws IOException {
        if (!value.isObject()) {
            assertThat(ShallowJson.parse(value.toString())).isEqualTo(MAPPER.readTree(value.toString()));
        }
    }

    @Property(tries = 1000)
    void foldingShallowRowsDecidesWhatFoldingFullRowsDecides(
            @ForAll("histories") List<SyncRow> rows) throws IOException {
        List<SyncRow> shallow = new ArrayList<>();
        for (SyncRow r : rows) {
            shallow.add(new SyncRow(r.id(), r.appId(), r.tableName(), r.recordId(), r.userId(), r.op(),
                    ShallowJson.parse(text(r.data())), ShallowJson.parse(text(r.fieldTimestamps())), r.createdAt()));
        }
        RecordFold full = RecordFold.of(rows);
        RecordFold fromShallow = RecordFold.of(shallow);

        assertThat(fromShallow.malformed()).extracting(RowOffer.Malformed::reason)
                .containsExactlyElementsOf(full.malformed().stream().map(RowOffer.Malformed::reason).toList());
        Map<String, FieldCandidate> expected = full.state().fields();
        Map<String, FieldCandidate> actual = fromShallow.state().fields();
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        for (String field : expected.keySet()) {
            FieldCandidate e = expected.get(field);
            FieldCandidate a = actual.get(field);
            assertThat(List.of(a.at(), a.rowCreatedAt(), a.rowId()))
                    .isEqualTo(List.of(e.at(), e.rowCreatedAt(), e.rowId()));
            assertThat(MAPPER.readTree(ShallowJson.text(a.value()))).isEqualTo(e.value());
        }
    }

    @Example
    void stringsThatNeedEscapingAreWrittenEscaped() throws IOException {
        JsonNode shallow = ShallowJson.parse("{\"a\":\"say \\\"hi\\\"\\n\\\\ ☃\",\"b\":\"plain\"}");

        assertThat(ShallowJson.text(shallow.get("a"))).isEqualTo("\"say \\\"hi\\\"\\n\\\\ ☃\"");
        assertThat(ShallowJson.text(shallow.get("b"))).isEqualTo("\"plain\"");
    }

    @Example
    void nestedValuesKeepTheirTextVerbatim() throws IOException {
        String iterations = "[{\"id\": \"i1\", \"plan\": [{\"id\": \"i1-0\", \"status\": \"planned\"}]}, []]";
        JsonNode shallow = ShallowJson.parse("{\"iterations\": " + iterations + ", \"n\": 1.50}");

        assertThat(ShallowJson.text(shallow.get("iterations"))).isEqualTo(iterations);
        assertThat(shallow.get("n").decimalValue()).isEqualByComparingTo("1.50");
    }

    @Provide
    Arbitrary<List<SyncRow>> histories() {
        return SyncRowArbitraries.histories(List.of("u"), List.of("m"));
    }

    @Provide
    Arbitrary<JsonNode> objects() {
        return objectOf(values(), 8);
    }

    @Provide
    Arbitrary<JsonNode> values() {
        return Arbitraries.recursive(ShallowJsonProperties::scalars, inner -> Arbitraries.oneOf(
                inner,
                objectOf(inner, 4),
                inner.list().ofMaxSize(4).map(items -> {
                    var array = JSON.arrayNode();
                    items.forEach(array::add);
                    return (JsonNode) array;
                })), 0, 3);
    }

    private static Arbitrary<JsonNode> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(12).map(JSON::textNode),
                Arbitraries.of("", "\"", "\\", "\n\t", "\u0000", "\u001f", "☃ 🙂", "'; DROP TABLE x; --")
                        .map(JSON::textNode),
                Arbitraries.longs().map(JSON::numberNode),
                Arbitraries.bigDecimals().ofScale(3).map(BigDecimal::stripTrailingZeros).map(JSON::numberNode),
                Arbitraries.of(true, false).map(JSON::booleanNode),
                Arbitraries.just(JSON.nullNode()));
    }

    private static Arbitrary<JsonNode> objectOf(Arbitrary<JsonNode> values, int maxMembers) {
        return Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), values).ofMaxSize(maxMembers).map(members -> {
            ObjectNode o = JSON.objectNode();
            members.forEach(o::set);
            return (JsonNode) o;
        });
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static String text(JsonNode node) {
        return node == null ? null : node.toString();
    }
}
