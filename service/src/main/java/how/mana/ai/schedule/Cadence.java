package how.mana.ai.schedule;

import com.cronutils.model.time.ExecutionTime;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * A mission's cadence, read and checked (SPEC §3); each kind knows its next run after a run at {@code now}.
 * Every next run is computed from {@code now}, never from the previous {@code nextRunAt}: a mission overdue for
 * weeks runs once and is then scheduled into the future, with no backlog burst.
 */
public sealed interface Cadence {

    /** When to run next after a run at {@code now}; wall-clock kinds read the clock of {@code zone}. */
    NextRun nextAfter(Instant now, ZoneId zone);

    /** Runs only when the user starts it. */
    record Manual() implements Cadence {
        @Override
        public NextRun nextAfter(Instant now, ZoneId zone) {
            return new NextRun.Manual();
        }
    }

    /** A fixed duration after each run: elapsed time, so DST never stretches or shrinks it. */
    record Interval(int everyMinutes) implements Cadence {
        /** One leap year: longer intervals are almost certainly typing mistakes. */
        public static final int MAX_MINUTES = 366 * 24 * 60;

        public Interval {
            if (everyMinutes < 1 || everyMinutes > MAX_MINUTES) {
                throw new IllegalArgumentException("everyMinutes must be 1-" + MAX_MINUTES + ", got " + everyMinutes);
            }
        }

        @Override
        public NextRun nextAfter(Instant now, ZoneId zone) {
            return new NextRun.At(now.plus(Duration.ofMinutes(everyMinutes)));
        }
    }

    /** Every day at {@code time} on the zone's wall clock. */
    record Daily(LocalTime time) implements Cadence {
        @Override
        public NextRun nextAfter(Instant now, ZoneId zone) {
            return new NextRun.At(WallClock.firstAfter(now, zone, time, date -> true));
        }
    }

    /** Every week on {@code day} at {@code time} on the zone's wall clock. */
    record Weekly(DayOfWeek day, LocalTime time) implements Cadence {
        @Override
        public NextRun nextAfter(Instant now, ZoneId zone) {
            return new NextRun.At(WallClock.firstAfter(now, zone, time, date -> date.getDayOfWeek() == day));
        }
    }

    /** A standard five-field cron expression, evaluated on the zone's wall clock. */
    record Cron(String expression, ExecutionTime executionTime) implements Cadence {
        @Override
        public NextRun nextAfter(Instant now, ZoneId zone) {
            return CronClock.nextAfter(executionTime, now, zone)
                    .<NextRun>map(NextRun.At::new)
                    .orElseGet(() -> new NextRun.InvalidCadence("cron expression \"" + expression
                            + "\" never matches again"));
        }
    }
}
