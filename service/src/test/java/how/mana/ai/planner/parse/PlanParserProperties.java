package how.mana.ai.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import how.mana.ai.planner.tools.ToolParameter;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class PlanParserProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ToolCatalog CATALOG = ToolCatalog.builtIn(BuiltInCatalog.V0_3);
    private final PlanParser parser = new PlanParser(10);

    @Property(tries = 500)
    void arbitraryTextNeverThrows(@ForAll String answer) {
        assertThat(parser.parse(answer, CATALOG)).isNotNull();
    }

    @Property(tries = 500)
    void arbitraryJsonInAFenceNeverThrowsAndRejectionsSayWhere(@ForAll("jsonish") JsonNode node) {
        ParseResult result = parser.parse("```json\n" + node + "\n```", CATALOG);
        if (result instanceof ParseResult.Rejected rejected) {
            assertThat(rejected.reason()).matches("(JSON block is not an object|steps(\\[\\d+\\])?[:.].*)");
        }
    }

    @Property(tries = 300)
    void plansOfArbitraryShapeUnderStepsNeverThrow(@ForAll("stepLists") ArrayNode steps) {
        ObjectNode plan = NODES.objectNode().set("steps", steps);
        ParseResult result = parser.parse(plan.toString(), CATALOG);
        if (result instanceof ParseResult.Accepted accepted) {
            assertThat(accepted.plan().steps()).hasSize(steps.size());
        } else {
            assertThat(((ParseResult.Rejected) result).reason()).startsWith("steps");
        }
    }

    @Property(tries = 300)
    void everyWellFormedPlanIsAcceptedUnchanged(@ForAll("validSteps") List<ObjectNode> steps) {
        ArrayNode array = NODES.arrayNode().addAll(steps);
        ObjectNode plan = NODES.objectNode().put("summary", "s").set("steps", array);

        ParseResult result = parser.parse("Plan:\n```json\n" + plan.toPrettyString() + "\n```\n", CATALOG);

        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        List<PlannedStep> parsed = ((ParseResult.Accepted) result).plan().steps();
        assertThat(parsed).hasSize(steps.size());
        for (int i = 0; i < steps.size(); i++) {
            assertThat(parsed.get(i).toolName()).isEqualTo(steps.get(i).get("toolName").textValue());
            assertThat(parsed.get(i).rationale()).isEqualTo(steps.get(i).get("rationale").textValue());
            assertThat((JsonNode) parsed.get(i).params()).isEqualTo(steps.get(i).get("params"));
        }
    }

    @Provide
    Arbitrary<JsonNode> jsonish() {
        return jsonish(3);
    }

    private Arbitrary<JsonNode> jsonish(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
                Arbitraries.integers().map(NODES::numberNode),
                Arbitraries.of(NODES.nullNode(), NODES.booleanNode(true), NODES.numberNode(1.5)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> inner = jsonish(depth - 1);
        Arbitrary<JsonNode> array = inner.list().ofMaxSize(4).map(l -> NODES.arrayNode().addAll(l));
        Arbitrary<JsonNode> object = Combinators.combine(keys(), inner).as(Map::entry).list().ofMaxSize(4)
                .map(entries -> {
                    ObjectNode o = NODES.objectNode();
                    entries.forEach(e -> o.set(e.getKey(), e.getValue()));
                    return o;
                });
        return Arbitraries.frequencyOf(Tuple.of(2, leaf), Tuple.of(1, array), Tuple.of(2, object));
    }

    /** Keys the parser looks at, mixed with noise, so generated objects often reach the deeper rules. */
    private Arbitrary<String> keys() {
        return Arbitraries.oneOf(
                Arbitraries.of("steps", "summary", "toolName", "rationale", "params", "title", "taskId", "priority",
                        "dueDate", "startIso", "name"),
                Arbitraries.strings().alpha().ofMaxLength(6));
    }

    @Provide
    Arbitrary<ArrayNode> stepLists() {
        Arbitrary<JsonNode> toolName = Arbitraries.oneOf(
                Arbitraries.of(CATALOG.tools().stream().map(ToolDefinition::name).toList()).map(NODES::textNode),
                jsonish());
        Arbitrary<JsonNode> step = Combinators.combine(toolName, jsonish(), jsonish(), jsonish())
                .as((name, rationale, params, summary) -> NODES.objectNode()
                        .<ObjectNode>set("toolName", name).<ObjectNode>set("rationale", rationale)
                        .<ObjectNode>set("params", params).set("summary", summary));
        return Arbitraries.oneOf(step, jsonish()).list().ofMaxSize(5).map(l -> NODES.arrayNode().addAll(l));
    }

    @Provide
    Arbitrary<List<ObjectNode>> validSteps() {
        return Arbitraries.of(CATALOG.tools()).flatMap(this::validStep).list().ofMaxSize(10);
    }

    private Arbitrary<ObjectNode> validStep(ToolDefinition tool) {
        Arbitrary<String> text = Arbitraries.strings().ofMinLength(1).ofMaxLength(20).filter(s -> !s.isBlank());
        Arbitrary<ObjectNode> params = Arbitraries.just(tool.parameters()).flatMap(ps -> {
            Arbitrary<ObjectNode> acc = Arbitraries.just(NODES.objectNode());
            for (ToolParameter p : ps) {
                Arbitrary<String> value = !p.allowedValues().isEmpty() ? Arbitraries.of(p.allowedValues())
                        : p.format().isPresent() ? dates() : text;
                Arbitrary<Boolean> present = p.required() ? Arbitraries.just(true) : Arbitraries.of(true, false);
                acc = Combinators.combine(acc, present, value).as((o, give, v) -> give ? o.deepCopy().put(p.name(), v) : o);
            }
            return acc;
        });
        return Combinators.combine(text, text, params).as((rationale, summary, ps) -> NODES.objectNode()
                .put("toolName", tool.name()).put("rationale", rationale).put("summary", summary)
                .set("params", ps));
    }

    private static Arbitrary<String> dates() {
        return Arbitraries.integers().between(0, 20_000)
                .map(d -> java.time.LocalDate.of(2000, 1, 1).plusDays(d).toString());
    }
}
