package how.mana.ai.tick;

import java.time.Duration;
import java.util.Optional;

/** One pass over every due mission. Callers guard against overlap; implementations may assume none. */
@FunctionalInterface
public interface Tick {
    TickStats run() throws Exception;

    /**
     * Continuous planning beside the passes, polling every {@code pollInterval} ({@code MANA_AI_POLL_INTERVAL_MS});
     * empty for a tick that plans in passes only (a test's stand-in).
     */
    default Optional<PlanningLoop> loop(Duration pollInterval) {
        return Optional.empty();
    }
}
