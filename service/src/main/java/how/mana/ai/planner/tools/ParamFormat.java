package how.mana.ai.planner.tools;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/** A format a string parameter may declare; the parser checks values against it. */
public enum ParamFormat {
    /** A calendar date written {@code YYYY-MM-DD}. */
    DATE("date", "YYYY-MM-DD") {
        private static final Pattern SHAPE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

        @Override
        public boolean accepts(String value) {
            if (!SHAPE.matcher(value).matches()) {
                return false;
            }
            try {
                LocalDate.parse(value);
                return true;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
    };

    private final String jsonName;
    private final String shape;

    ParamFormat(String jsonName, String shape) {
        this.jsonName = jsonName;
        this.shape = shape;
    }

    public String jsonName() {
        return jsonName;
    }

    /** How the format is written, for prompts and rejection reasons. */
    public String shape() {
        return shape;
    }

    public abstract boolean accepts(String value);

    /** The names a catalog file may use, for error messages. */
    static String knownNames() {
        return String.join(", ", Arrays.stream(values()).map(ParamFormat::jsonName).toList());
    }

    static Optional<ParamFormat> fromJsonName(String name) {
        return Arrays.stream(values()).filter(f -> f.jsonName.equals(name)).findFirst();
    }
}
