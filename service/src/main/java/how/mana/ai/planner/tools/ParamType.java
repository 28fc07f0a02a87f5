package how.mana.ai.planner.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The value types a tool parameter may declare (SPEC §14.1, §14.3), each with the JSON values it accepts. The set is
 * closed: a catalog naming any other type does not load.
 */
public enum ParamType {
    STRING("string", JsonNode::isTextual),
    /** Integers and decimals alike. */
    NUMBER("number", JsonNode::isNumber),
    /** A whole number, also when written with a zero fraction ({@code 3.0}), as JSON Schema counts it. */
    INTEGER("integer", value -> value.isIntegralNumber()
            || value.isNumber() && value.decimalValue().remainder(BigDecimal.ONE).signum() == 0),
    BOOLEAN("boolean", JsonNode::isBoolean),
    ARRAY("array", JsonNode::isArray),
    OBJECT("object", JsonNode::isObject);

    private final String jsonName;
    private final Predicate<JsonNode> accepts;

    ParamType(String jsonName, Predicate<JsonNode> accepts) {
        this.jsonName = jsonName;
        this.accepts = accepts;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether {@code value} (never JSON null: null counts as absent) is of this type. */
    public boolean accepts(JsonNode value) {
        return accepts.test(value);
    }

    /** The names a catalog file may use, for error messages. */
    static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(ParamType::jsonName).toList());
    }

    static Optional<ParamType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }
}
