package how.mana.ai.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The next match of a cron expression strictly after an instant, on a zone's wall clock. cron-utils does the
 * work; this adds one correction. Where the clock falls back, a wall-clock minute happens twice and matches
 * both times, as cron-utils has it for every other minute of the repeated hour, except that it skips the
 * repeat of the very minute {@code now} lies in. A wall-clock minute the clock skips never matches.
 */
final class CronClock {
    private CronClock() {
    }

    static Optional<Instant> nextAfter(ExecutionTime executionTime, Instant now, ZoneId zone) {
        ZonedDateTime wallClock = now.atZone(zone);
        Optional<Instant> next = executionTime.nextExecution(wallClock).map(ZonedDateTime::toInstant);
        return Stream.concat(next.stream(), repeatOfCurrentMinute(executionTime, wallClock).stream())
                .filter(instant -> instant.isAfter(now))
                .min(Instant::compareTo);
    }

    /** The second occurrence of {@code wallClock}'s minute, when the clock is about to repeat it and it matches. */
    private static Optional<Instant> repeatOfCurrentMinute(ExecutionTime executionTime, ZonedDateTime wallClock) {
        ZonedDateTime minute = wallClock.truncatedTo(ChronoUnit.MINUTES);
        ZonedDateTime repeat = minute.withLaterOffsetAtOverlap();
        // Matching depends on the wall-clock fields only; reading them in UTC keeps cron-utils' own DST
        // handling, which misjudges the repeat, out of the question.
        boolean matches = executionTime.isMatch(minute.toLocalDateTime().atZone(ZoneOffset.UTC));
        return repeat.equals(minute) || !matches ? Optional.empty() : Optional.of(repeat.toInstant());
    }
}
