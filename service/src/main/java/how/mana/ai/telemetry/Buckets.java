package how.mana.ai.telemetry;

import java.time.Duration;

/** Histogram buckets as SPEC-LATEST §18.1 lists them, in seconds, for Micrometer's timers. */
public final class Buckets {
    private Buckets() {
    }

    /** The upper bounds of a timer's buckets ({@code serviceLevelObjectives}), from bounds in seconds. */
    public static Duration[] seconds(double... bounds) {
        Duration[] buckets = new Duration[bounds.length];
        for (int i = 0; i < bounds.length; i++) {
            buckets[i] = Duration.ofNanos(Math.round(bounds[i] * 1e9));
        }
        return buckets;
    }
}
