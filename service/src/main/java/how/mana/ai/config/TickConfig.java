package how.mana.ai.config;

import java.time.Duration;
import java.util.Optional;

/**
 * When missions are planned and how much is taken on at once.
 *
 * @param interval      the pause between the end of one full pass (a tick) and the start of the next
 * @param pollInterval  continuous planning: how often new rows are folded and the due query is run, every due
 *                      mission then starting as soon as a planning slot is free; empty when it is off (passes only)
 * @param concurrency   missions planned at once, by the passes and continuous planning together
 * @param slotLease     how long a claimed slot stays this process's without renewal (a quarter of it is the
 *                      heartbeat that renews it while the mission's run is alive)
 * @param shutdownGrace on SIGTERM, how long the missions in flight may take to finish
 */
public record TickConfig(
        boolean enabled,
        Duration interval,
        Optional<Duration> pollInterval,
        int concurrency,
        int maxMissionsPerTick,
        Duration slotLease,
        Duration shutdownGrace) {

    /** The shortest lease: its heartbeat, a quarter of it, stays well above a renewal's round trip. */
    static final long MIN_SLOT_LEASE_MS = 2_000;
    static final long MIN_POLL_INTERVAL_MS = 50;

    static TickConfig from(EnvReader r) {
        return new TickConfig(
                r.bool("TICK_ENABLED", true),
                r.millis("TICK_INTERVAL_MS", 60_000, 1_000, 86_400_000),
                pollInterval(r),
                r.integer("MANA_AI_CONCURRENCY", 64, 1, 1024),
                r.integer("MANA_AI_MAX_MISSIONS_PER_TICK", 2000, 1, 1_000_000),
                r.millis("MANA_AI_SLOT_LEASE_MS", 20_000, MIN_SLOT_LEASE_MS, 3_600_000),
                r.millis("MANA_AI_SHUTDOWN_GRACE_MS", 30_000, 0, 600_000));
    }

    private static Optional<Duration> pollInterval(EnvReader r) {
        String name = "MANA_AI_POLL_INTERVAL_MS";
        Duration interval = r.millis(name, 1_000, 0, 3_600_000);
        if (interval.isZero()) {
            return Optional.empty();
        }
        if (interval.toMillis() < MIN_POLL_INTERVAL_MS) {
            throw new ConfigException(name + " must be 0 (continuous planning off) or " + MIN_POLL_INTERVAL_MS
                    + "-3600000, got \"" + interval.toMillis() + "\"");
        }
        return Optional.of(interval);
    }
}
