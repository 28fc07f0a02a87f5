package how.mana.ai.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;

/**
 * Finds the first instant after a given one at which a zone's wall clock shows a given time. Daylight saving
 * decides the two odd cases: a time the clock skips (spring forward) is moved forward by the length of the gap,
 * as java.time resolves it (02:30 becomes 03:30 in Europe/Berlin); a time the clock shows twice (fall back)
 * counts at both of its instants, so the first one after {@code now} wins.
 */
final class WallClock {
    /** Far enough ahead to hold a whole week, however the zone's days are cut. */
    private static final int DAYS_AHEAD = 8;

    private WallClock() {
    }

    /** The first instant strictly after {@code now} showing {@code time} on a day {@code dayMatches} accepts. */
    static Instant firstAfter(Instant now, ZoneId zone, LocalTime time, Predicate<LocalDate> dayMatches) {
        ZoneRules rules = zone.getRules();
        // Start a day early: where the clock falls back across midnight, yesterday's date can still lie ahead.
        LocalDate today = LocalDate.ofInstant(now, zone);
        return LongStream.rangeClosed(-1, DAYS_AHEAD).mapToObj(today::plusDays)
                .filter(dayMatches)
                .flatMap(date -> instantsOf(date.atTime(time), zone, rules).stream())
                .filter(instant -> instant.isAfter(now))
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("no day within " + DAYS_AHEAD + " days of " + now
                        + " in " + zone + " matched"));
    }

    private static List<Instant> instantsOf(LocalDateTime wallTime, ZoneId zone, ZoneRules rules) {
        List<ZoneOffset> offsets = rules.getValidOffsets(wallTime);
        if (offsets.isEmpty()) {
            return List.of(ZonedDateTime.of(wallTime, zone).toInstant());
        }
        return offsets.stream().map(wallTime::toInstant).toList();
    }
}
