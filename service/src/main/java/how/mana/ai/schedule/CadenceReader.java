package how.mana.ai.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.DayOfWeek;
import java.time.LocalTime;

/**
 * Reads the {@code cadence} field of a mission record (SPEC §3) into a {@link Cadence}, or says precisely what
 * is wrong with it. Numbers must be JSON integers in range ({@code 30.0} counts as 30; {@code "30"}, {@code 1.5}
 * and {@code true} do not); fields a kind does not use are ignored.
 */
public final class CadenceReader {
    private static final CronParser UNIX_CRON =
            new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    /** Far beyond any real expression; keeps pathological text out of the parser and the logs. */
    private static final int MAX_CRON_LENGTH = 200;

    private CadenceReader() {
    }

    /** A usable cadence, or the reason there is none. */
    public sealed interface Result permits Valid, Invalid {
    }

    public record Valid(Cadence cadence) implements Result {
    }

    public record Invalid(String reason) implements Result {
    }

    public static Result read(JsonNode cadence) {
        try {
            return new Valid(cadenceOf(cadence));
        } catch (Rejected r) {
            return new Invalid(r.getMessage());
        }
    }

    private static Cadence cadenceOf(JsonNode cadence) {
        if (cadence == null || cadence.isNull() || cadence.isMissingNode()) {
            throw new Rejected("cadence is missing");
        }
        if (!cadence.isObject()) {
            throw new Rejected("cadence is " + cadence.getNodeType() + ", not an object");
        }
        JsonNode kind = cadence.get("kind");
        if (kind == null || !kind.isTextual()) {
            throw new Rejected("cadence has no kind");
        }
        return switch (kind.textValue()) {
            case "manual" -> new Cadence.Manual();
            case "interval" -> new Cadence.Interval(
                    integer(cadence, "everyMinutes", 1, Cadence.Interval.MAX_MINUTES));
            case "daily" -> new Cadence.Daily(
                    LocalTime.of(integer(cadence, "atHour", 0, 23), integer(cadence, "atMinute", 0, 59)));
            case "weekly" -> new Cadence.Weekly(
                    dayOfWeek(integer(cadence, "dayOfWeek", 0, 6)), LocalTime.of(integer(cadence, "atHour", 0, 23), 0));
            case "cron" -> cron(cadence.get("expression"));
            default -> throw new Rejected("unknown cadence kind \"" + shorten(kind.textValue()) + "\"");
        };
    }

    private static int integer(JsonNode cadence, String field, int min, int max) {
        JsonNode v = cadence.get(field);
        if (v == null || v.isNull()) {
            throw new Rejected(kindOf(cadence) + " cadence needs " + field);
        }
        if (!v.isNumber()) {
            throw new Rejected(kindOf(cadence) + " cadence " + field + " is " + v.getNodeType() + ", not a number");
        }
        if (!v.canConvertToExactIntegral() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            throw new Rejected(kindOf(cadence) + " cadence " + field + " must be an integer " + min + "-" + max
                    + ", got " + shorten(v.asText()));
        }
        return v.intValue();
    }

    /** Cadences count days from 0 = Sunday, java.time from 1 = Monday. */
    private static DayOfWeek dayOfWeek(int sundayIsZero) {
        return sundayIsZero == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(sundayIsZero);
    }

    private static Cadence cron(JsonNode expression) {
        if (expression == null || !expression.isTextual() || expression.textValue().isBlank()) {
            throw new Rejected("cron cadence needs an expression string");
        }
        String text = expression.textValue().trim();
        if (text.length() > MAX_CRON_LENGTH) {
            throw new Rejected("cron expression is longer than " + MAX_CRON_LENGTH + " characters");
        }
        try {
            return new Cadence.Cron(text, ExecutionTime.forCron(UNIX_CRON.parse(text).validate()));
        } catch (IllegalArgumentException e) {
            throw new Rejected("cron expression \"" + text + "\" is not a standard 5-field expression: "
                    + e.getMessage());
        }
    }

    private static String kindOf(JsonNode cadence) {
        return cadence.get("kind").textValue();
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** Carries the reason out of the nested reads; never leaves this class. */
    private static final class Rejected extends RuntimeException {
        Rejected(String reason) {
            super(reason, null, false, false);
        }
    }
}
