package how.mana.ai.tick;

import how.mana.ai.mission.IsoTime;
import how.mana.ai.telemetry.Buckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single-flight gate in front of the {@link Tick}: the interval scheduler and {@code POST /internal/tick} both
 * come through here, so two ticks never run at once in this process. A request that finds a tick running returns at
 * once instead of queueing behind it. Never throws: a failing tick becomes {@link TickOutcome.Failed}.
 */
public final class TickRunner {
    private static final Logger log = LoggerFactory.getLogger(TickRunner.class);
    /** SPEC-LATEST §18.1, in seconds. */
    private static final Duration[] TICK_BUCKETS = Buckets.seconds(0.1, 0.5, 1, 2, 5, 10, 30, 60, 120);

    private final Tick tick;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();
    private final Counter ticks;
    private final Counter failures;
    private final Timer duration;
    private volatile boolean closed;

    public TickRunner(Tick tick, MeterRegistry registry, Clock clock) {
        this.tick = tick;
        this.clock = clock;
        this.ticks = Counter.builder("mana_ai.ticks").description("Ticks run (completed or failed)")
                .register(registry);
        this.failures = Counter.builder("mana_ai.tick.failures").description("Ticks that threw")
                .register(registry);
        this.duration = Timer.builder("mana_ai.tick.duration").description("Wall time of one tick")
                .serviceLevelObjectives(TICK_BUCKETS).register(registry);
    }

    /** Runs one tick unless one is already running or the runner is closed. */
    public TickOutcome run() {
        if (closed) {
            return new TickOutcome.ShuttingDown();
        }
        if (!running.tryLock()) {
            return new TickOutcome.OverlapSkipped(TickStats.overlapSkipped(IsoTime.format(clock.instant())));
        }
        try {
            // close() may have finished waiting between the check above and taking the lock.
            if (closed) {
                return new TickOutcome.ShuttingDown();
            }
            return runLocked();
        } finally {
            running.unlock();
        }
    }

    private TickOutcome runLocked() {
        Timer.Sample sample = Timer.start();
        ticks.increment();
        try {
            return new TickOutcome.Completed(tick.run());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            failures.increment();
            String reason = FailureReason.of(e);
            log.atError().addKeyValue("reason", reason).setCause(e).log("tick failed");
            return new TickOutcome.Failed(reason);
        } finally {
            sample.stop(duration);
        }
    }

    /** True while a tick is executing. */
    public boolean inProgress() {
        return running.isLocked();
    }

    /**
     * Refuses every later tick and waits up to {@code grace} for the one in flight.
     *
     * @return true when no tick is running any more; false when the grace period ran out first
     */
    public boolean close(Duration grace) throws InterruptedException {
        closed = true;
        if (running.tryLock(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            running.unlock();
            return true;
        }
        return false;
    }
}
