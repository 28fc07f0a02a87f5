package how.mana.ai.planner.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Optional;

/**
 * The value types a tool parameter may declare (SPEC §14.1, §14.3), each with the JSON values it accepts. The set is
 * closed: a catalog naming any other type does not load.
 */
public enum ParamType {
    STRING("string") {
        @Override
        public boolean accepts(JsonNode value) {
            return value.isTextual();
        }
    },
    /** Integers and decimals alike. */
    NUMBER("number") {
        @Override
        public boolean accepts(JsonNode value) {
            return value.isNumber();
        }
    },
    /** A whole number, also when written with a zero fraction ({@code 3.0}), as JSON Schema counts it. */
    INTEGER("integer") {
        @Override
        public boolean accepts(JsonNode value) {
            return value.isIntegralNumber()
                    || value.isNumber() && value.decimalValue().remainder(BigDecimal.ONE).signum() == 0;
        }
    },
    BOOLEAN("boolean") {
        @Override
        public boolean accepts(JsonNode value) {
            return value.isBoolean();
        }
    },
    ARRAY("array") {
        @Override
        public boolean accepts(JsonNode value) {
            return value.isArray();
        }
    },
    OBJECT("object") {
        @Override
        public boolean accepts(JsonNode value) {
            return value.isObject();
        }
    };

    private final String jsonName;

    ParamType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** Whether {@code value} (never JSON null: null counts as absent) is of this type. */
    public abstract boolean accepts(JsonNode value);

    /** The names a catalog file may use, for error messages. */
    static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(ParamType::jsonName).toList());
    }

    static Optional<ParamType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }
}
