package how.mana.ai.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What became of one mission a scenario made due: when it became due, whether its LLM call was made slow, when
 * mana-ai first wrote an iteration for it (empty: not yet), and how many iteration rows mana-ai wrote for it.
 */
record MissionOutcome(Instant dueAt, boolean slow, Optional<Instant> writtenAt, int writes) {

    /** From {@code origin} (its due instant, a crash, a kill) to its first write; empty when it was not written. */
    Optional<Duration> writtenAfter(Instant origin) {
        return writtenAt.map(at -> Duration.between(origin, at));
    }
}
