package how.mana.ai.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * The next match of a cron expression strictly after an instant, on a zone's wall clock. cron-utils only walks the
 * wall clock (read in UTC, where no clock ever jumps); turning wall-clock minutes into instants is left to the
 * zone's rules. That keeps every transition alike, including half-hour ones cron-utils' own DST handling gets
 * wrong: a wall-clock minute the clock skips never matches, and one it repeats matches on both passes.
 */
final class CronClock {
    /** Larger than any clock change there is (the largest is two hours), so no earlier match is missed. */
    private static final Duration MAX_CLOCK_SHIFT = Duration.ofHours(3);
    /** Bounds the walk even for an expression matching every minute: a few hours of minutes. */
    private static final int MAX_CANDIDATES = 1_000;

    private CronClock() {
    }

    static Optional<Instant> nextAfter(ExecutionTime executionTime, Instant now, ZoneId zone) {
        // Start before now's wall-clock time: after a clock goes back, a later instant can have an earlier one.
        ZonedDateTime cursor = LocalDateTime.ofInstant(now, zone).minus(MAX_CLOCK_SHIFT).atZone(ZoneOffset.UTC);
        Instant best = null;
        LocalDateTime lastUseful = null;
        for (int i = 0; i < MAX_CANDIDATES; i++) {
            Optional<ZonedDateTime> candidate = executionTime.nextExecution(cursor);
            if (candidate.isEmpty()) {
                break;
            }
            LocalDateTime wallClock = candidate.get().toLocalDateTime();
            if (lastUseful != null && wallClock.isAfter(lastUseful)) {
                break;
            }
            for (ZoneOffset offset : zone.getRules().getValidOffsets(wallClock)) {
                Instant instant = wallClock.toInstant(offset);
                if (instant.isAfter(now) && (best == null || instant.isBefore(best))) {
                    best = instant;
                    // Wall-clock minutes past this one by more than any clock shift can only be later instants.
                    lastUseful = wallClock.plus(MAX_CLOCK_SHIFT);
                }
            }
            cursor = candidate.get();
        }
        return Optional.ofNullable(best);
    }
}
