package how.mana.ai.config;

import java.time.Duration;

/**
 * When ticks run and how much one takes on.
 *
 * @param interval the pause between the end of one tick and the start of the next
 * @param concurrency missions planned at once
 * @param shutdownGrace on SIGTERM, how long a tick in flight may take to finish
 */
public record TickConfig(
        boolean enabled,
        Duration interval,
        int concurrency,
        int maxMissionsPerTick,
        Duration shutdownGrace) {

    static TickConfig from(EnvReader r) {
        return new TickConfig(
                r.bool("TICK_ENABLED", true),
                r.millis("TICK_INTERVAL_MS", 60_000, 1_000, 86_400_000),
                r.integer("MANA_AI_CONCURRENCY", 8, 1, 1024),
                r.integer("MANA_AI_MAX_MISSIONS_PER_TICK", 2000, 1, 1_000_000),
                r.millis("MANA_AI_SHUTDOWN_GRACE_MS", 30_000, 0, 600_000));
    }
}
