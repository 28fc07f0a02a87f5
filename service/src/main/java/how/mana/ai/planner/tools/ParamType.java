package how.mana.ai.planner.tools;

import java.util.Arrays;
import java.util.Optional;

/** The value types a tool parameter may declare. Today every parameter is a string; the set is closed on purpose. */
public enum ParamType {
    STRING("string");

    private final String jsonName;

    ParamType(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    /** The names a catalog file may use, for error messages. */
    static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(ParamType::jsonName).toList());
    }

    static Optional<ParamType> fromJsonName(String name) {
        return Arrays.stream(values()).filter(t -> t.jsonName.equals(name)).findFirst();
    }
}
