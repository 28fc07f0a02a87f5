package how.mana.ai.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Wall-clock timing of repeated work, with untimed warm-up rounds and untimed preparation before each round. */
public final class Timing {
    private Timing() {
    }

    /** Work that may fail; {@code round} counts from 0 over warm-up and measured rounds alike. */
    @FunctionalInterface
    public interface Step {
        void run(int round) throws Exception;
    }

    /**
     * Runs {@code warmup + repeat} rounds of {@code prepare} then {@code timed}, and returns the timings of
     * {@code timed} in the last {@code repeat} rounds.
     */
    public static Samples sample(int warmup, int repeat, Step prepare, Step timed) throws Exception {
        List<Duration> measured = new ArrayList<>(repeat);
        for (int round = 0; round < warmup + repeat; round++) {
            prepare.run(round);
            Duration took = time(round, timed);
            if (round >= warmup) {
                measured.add(took);
            }
        }
        return new Samples(measured);
    }

    /** One timed run. */
    public static Duration time(int round, Step step) throws Exception {
        long t0 = System.nanoTime();
        step.run(round);
        return Duration.ofNanos(System.nanoTime() - t0);
    }
}
