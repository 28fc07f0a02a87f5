package how.mana.ai.mission;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Timestamps as devices compare them: UTC, milliseconds, {@code Z} — exactly JavaScript's
 * {@code Date.prototype.toISOString()} ({@code 2026-04-15T06:00:00.000Z}).
 */
public final class IsoTime {
    private static final DateTimeFormatter JS_ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private IsoTime() {
    }

    public static String format(Instant instant) {
        return JS_ISO.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /**
     * Parses an ISO-8601 instant as devices write them: a date-time with {@code Z} or an offset (any fraction),
     * or a bare date (midnight UTC, as JavaScript reads it). Anything else is empty, never an exception.
     */
    public static Optional<Instant> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        Instant canonical = CanonicalIsoTime.parse(text);
        return canonical != null ? Optional.of(canonical) : parseGeneral(text);
    }

    /** {@link #parse} without the fast path: the JDK's parsers, for every form devices may write. */
    static Optional<Instant> parseGeneral(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant());
        } catch (DateTimeParseException notDateTime) {
            try {
                return Optional.of(LocalDate.parse(text, DateTimeFormatter.ISO_LOCAL_DATE)
                        .atStartOfDay(ZoneOffset.UTC).toInstant());
            } catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }
}
