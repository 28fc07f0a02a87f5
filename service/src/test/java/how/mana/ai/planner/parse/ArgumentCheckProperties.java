package how.mana.ai.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ParamType;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import how.mana.ai.planner.tools.ToolParameter;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * For every tool of the current catalog: arguments built to its parameters are accepted, and each kind of breakage
 * (a required parameter left out, a value of another type, a value outside the enum) is rejected naming the
 * parameter. An accepted call is thereby always a step the catalog allows.
 */
class ArgumentCheckProperties {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ToolCatalog CATALOG = ToolCatalog.builtIn(BuiltInCatalog.CURRENT);

    enum Breakage { NONE, REQUIRED_LEFT_OUT, WRONG_TYPE, OUTSIDE_ENUM }

    record Call(ToolDefinition tool, ObjectNode arguments, Breakage breakage, String broken) {
    }

    @Property(tries = 1000)
    void acceptedExactlyWhenNothingIsBroken(@ForAll("calls") Call call) {
        ArgumentCheck.Verdict verdict = ArgumentCheck.check(call.tool(), call.arguments());

        if (call.breakage() == Breakage.NONE) {
            assertThat(verdict).isInstanceOf(ArgumentCheck.Valid.class);
            ObjectNode params = ((ArgumentCheck.Valid) verdict).params();
            for (ToolParameter p : call.tool().parameters()) {
                JsonNode value = params.get(p.name());
                assertThat(value != null || !p.required()).as(p.name() + " present").isTrue();
                if (value != null) {
                    assertThat(p.type().accepts(value)).as(p.name() + " typed").isTrue();
                    assertThat(p.allowedValues().isEmpty() || p.allowedValues().contains(value.asText())).isTrue();
                }
            }
        } else {
            assertThat(verdict).isInstanceOf(ArgumentCheck.Invalid.class);
            assertThat(((ArgumentCheck.Invalid) verdict).problems()).extracting(ArgumentCheck.Problem::parameter)
                    .contains(call.broken());
        }
    }

    @Provide
    Arbitrary<Call> calls() {
        return Arbitraries.of(CATALOG.tools()).flatMap(tool -> Combinators.combine(
                        Arbitraries.of(Breakage.values()), Arbitraries.integers().between(0, 1_000),
                        Arbitraries.strings().ofMaxLength(30), Arbitraries.doubles().between(-1e6, 1e6))
                .as((breakage, pick, text, number) -> call(tool, breakage, pick, text, number)));
    }

    private static Call call(ToolDefinition tool, Breakage wanted, int pick, String text, double number) {
        ObjectNode arguments = NODES.objectNode();
        for (ToolParameter p : tool.parameters()) {
            if (p.required() || pick % 2 == 0) {
                arguments.set(p.name(), validValue(p, pick, text, number));
            }
        }
        List<ToolParameter> candidates = tool.parameters().stream().filter(p -> switch (wanted) {
            case NONE -> false;
            case REQUIRED_LEFT_OUT -> p.required();
            case WRONG_TYPE -> true;
            case OUTSIDE_ENUM -> !p.allowedValues().isEmpty();
        }).toList();
        if (candidates.isEmpty()) {
            return new Call(tool, arguments, Breakage.NONE, "");
        }
        ToolParameter broken = candidates.get(pick % candidates.size());
        switch (wanted) {
            case REQUIRED_LEFT_OUT -> arguments.remove(broken.name());
            case WRONG_TYPE -> arguments.set(broken.name(), broken.type() == ParamType.STRING
                    ? NODES.numberNode(number) : NODES.textNode(text));
            case OUTSIDE_ENUM -> arguments.put(broken.name(), broken.allowedValues().getFirst() + "?");
            case NONE -> throw new IllegalStateException();
        }
        return new Call(tool, arguments, wanted, broken.name());
    }

    private static JsonNode validValue(ToolParameter p, int pick, String text, double number) {
        if (!p.allowedValues().isEmpty()) {
            return NODES.textNode(p.allowedValues().get(pick % p.allowedValues().size()));
        }
        if (p.format().isPresent()) {
            return NODES.textNode("2026-04-" + String.format("%02d", 1 + pick % 30));
        }
        return switch (p.type()) {
            case STRING -> NODES.textNode(text.isBlank() ? "x" + text : text);
            case NUMBER -> NODES.numberNode(number);
            case INTEGER -> NODES.numberNode(pick);
            case BOOLEAN -> NODES.booleanNode(pick % 3 == 0);
            case ARRAY -> NODES.arrayNode().add(text);
            case OBJECT -> NODES.objectNode().put("k", text);
        };
    }
}
