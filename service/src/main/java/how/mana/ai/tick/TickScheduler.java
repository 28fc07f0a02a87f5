package how.mana.ai.tick;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a tick at start and then again {@code interval} after each one ends. A fixed delay, not a fixed rate: a slow
 * tick pushes the next one back instead of making ticks queue up. The runner never throws, so one failed tick never
 * ends the schedule.
 */
public final class TickScheduler {
    private static final Logger log = LoggerFactory.getLogger(TickScheduler.class);

    private final TickRunner runner;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("tick-scheduler").daemon().factory());
    private volatile boolean started;

    public TickScheduler(TickRunner runner, Duration interval) {
        this.runner = runner;
        this.interval = interval;
    }

    /** Schedules the first tick now; later calls do nothing. Once stopped, it cannot start again. */
    public synchronized void start() {
        if (started || executor.isShutdown()) {
            return;
        }
        started = true;
        executor.scheduleWithFixedDelay(this::tickOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        log.atInfo().addKeyValue("intervalMs", interval.toMillis()).log("tick scheduler started");
    }

    private void tickOnce() {
        if (runner.run() instanceof TickOutcome.OverlapSkipped) {
            log.atDebug().log("scheduled tick skipped: another tick is running");
        }
    }

    /** Schedules no further tick. A tick already running goes on; {@link TickRunner#close} waits for it. */
    public synchronized void stop() {
        executor.shutdown();
    }

    /** Waits until the scheduler's thread has ended after {@link #stop}; true when it has. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** True between {@link #start} and {@link #stop}. */
    public boolean isRunning() {
        return started && !executor.isShutdown();
    }
}
