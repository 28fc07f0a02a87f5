package how.mana.ai.schedule;

import java.time.Instant;
import java.util.Optional;

/** When a mission runs next, after a run now (SPEC §6). */
public sealed interface NextRun {

    /** The next run; empty when nothing is scheduled. */
    Optional<Instant> at();

    record At(Instant instant) implements NextRun {
        @Override
        public Optional<Instant> at() {
            return Optional.of(instant);
        }
    }

    /** A manual cadence: nothing is scheduled. */
    record Manual() implements NextRun {
        @Override
        public Optional<Instant> at() {
            return Optional.empty();
        }
    }

    /** The cadence is missing or malformed: nothing is scheduled, and the reason is logged. */
    record InvalidCadence(String reason) implements NextRun {
        @Override
        public Optional<Instant> at() {
            return Optional.empty();
        }
    }
}
