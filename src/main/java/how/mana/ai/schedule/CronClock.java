package how.mana.ai.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The next match of a cron expression strictly after an instant, on a zone's wall clock. cron-utils does the
 * work; this adds one correction. Where the clock falls back, a wall-clock minute happens twice and matches
 * both times, as every other minute of that hour does in cron-utils, except that cron-utils skips the repeat of
 * the very minute {@code now} lies in. A wall-clock minute the clock skips never matches.
 */
final class CronClock {
    private CronClock() {
    }

    static Optional<Instant> nextAfter(ExecutionTime executionTime, Instant now, ZoneId zone) {
        ZonedDateTime wallClock = now.atZone(zone);
        ZonedDateTime repeatOfThisMinute = wallClock.truncatedTo(ChronoUnit.MINUTES).withLaterOffsetAtOverlap();
        Optional<Instant> repeat = repeatOfThisMinute.toInstant().isAfter(now)
                && executionTime.isMatch(repeatOfThisMinute)
                ? Optional.of(repeatOfThisMinute.toInstant())
                : Optional.empty();
        return Stream.concat(executionTime.nextExecution(wallClock).map(ZonedDateTime::toInstant).stream(),
                        repeat.stream())
                .min(Instant::compareTo);
    }
}
