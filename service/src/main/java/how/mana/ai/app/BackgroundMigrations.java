package how.mana.ai.app;

import how.mana.ai.tick.FailureReason;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the migrations off the start-up path, so {@code serve} answers {@code /health} at once even while the
 * database is down: on failure it tries again after a delay that doubles from {@code firstDelay} up to
 * {@code maxDelay}, until the migrations succeed or {@link #stop} is called. On success it runs {@code onMigrated}
 * once.
 */
final class BackgroundMigrations {
    private static final Logger log = LoggerFactory.getLogger(BackgroundMigrations.class);

    /** The migration step; any exception means "not yet". */
    @FunctionalInterface
    interface Step {
        void migrate() throws Exception;
    }

    private final Step step;
    private final Runnable onMigrated;
    private final Duration firstDelay;
    private final Duration maxDelay;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("migrations").daemon().factory());

    BackgroundMigrations(Step step, Runnable onMigrated, Duration firstDelay, Duration maxDelay) {
        this.step = step;
        this.onMigrated = onMigrated;
        this.firstDelay = firstDelay;
        this.maxDelay = maxDelay;
    }

    void start() {
        executor.execute(() -> attempt(1, firstDelay));
    }

    private void attempt(int attempt, Duration delay) {
        try {
            step.migrate();
        } catch (Exception e) {
            if (executor.isShutdown()) {
                return; // stopped while this attempt ran: its failure is the interruption, not news
            }
            log.atWarn().addKeyValue("attempt", attempt).addKeyValue("retryInMs", delay.toMillis())
                    .addKeyValue("reason", FailureReason.of(e)).log("migrations failed; will retry");
            Duration next = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            executor.schedule(() -> attempt(attempt + 1, next), delay.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        log.atInfo().addKeyValue("attempt", attempt).log("migrations done");
        onMigrated.run();
    }

    /** Gives up retrying; an attempt already running is interrupted. */
    void stop() {
        executor.shutdownNow();
    }
}
