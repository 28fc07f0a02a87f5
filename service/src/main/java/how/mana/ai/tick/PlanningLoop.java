package how.mana.ai.tick;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Continuous planning ({@code MANA_AI_POLL_INTERVAL_MS}): one thread that polls ({@link MissionTick#poll}) every
 * interval — folds the new rows that decide whether a mission is due, runs the due query, folds each due mission whole
 * and starts it, unless in flight, while a planning slot is free — and, after a poll that left due missions for want
 * of a slot, polls again as soon as a slot frees. Each mission runs on its own virtual thread, so a hung LLM call
 * holds one slot and delays nothing else. A failed poll
 * (the database unreachable, say) is counted and tried again an interval later; the first of a run of failures is
 * logged, and the recovery.
 */
public final class PlanningLoop {
    private static final Logger log = LoggerFactory.getLogger(PlanningLoop.class);

    private final MissionTick tick;
    private final PlanningSlots slots;
    private final Duration interval;
    private final TickTally.TickMeters meters;
    private final Thread thread;
    private final Object signal = new Object();
    /** Whether a slot freed since the last poll began; guarded by {@link #signal}. */
    private boolean slotFreed;
    private volatile boolean stopped;
    /** Only the loop's thread reads and writes it. */
    private boolean failing;

    PlanningLoop(MissionTick tick, PlanningSlots slots, Duration interval, TickTally.TickMeters meters) {
        this.tick = tick;
        this.slots = slots;
        this.interval = interval;
        this.meters = meters;
        this.thread = Thread.ofPlatform().name("planning-loop").daemon().unstarted(this::run);
    }

    /** Starts polling; call once. */
    public void start() {
        thread.start();
        log.atInfo().addKeyValue("pollIntervalMs", interval.toMillis()).log("continuous planning started");
    }

    /**
     * Polls no more, and no pass or poll starts another mission from now on; the missions in flight go on
     * ({@link #drain}).
     */
    public void stop() {
        stopped = true;
        slots.stopTaking();
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /**
     * After {@link #stop}: waits up to {@code grace} for the missions in flight, passes' included; those still
     * running then give their slots' leases back, so another replica plans them at once (their late writes are
     * refused).
     *
     * @return true when every mission finished within {@code grace}
     */
    public boolean drain(Duration grace) throws InterruptedException {
        if (slots.awaitIdle(grace)) {
            return true;
        }
        int stillRunning = slots.inFlight();
        try {
            int given = slots.giveBack();
            log.atWarn().addKeyValue("inFlight", stillRunning).addKeyValue("leasesGivenBack", given)
                    .addKeyValue("graceMs", grace.toMillis())
                    .log("missions still planning when the grace period ended; their slots were given back");
        } catch (Exception e) {
            log.atWarn().addKeyValue("inFlight", stillRunning).addKeyValue("error", e.toString())
                    .log("missions still planning when the grace period ended; their leases lapse by themselves");
        }
        return false;
    }

    /** A run ended and freed its slot. */
    void slotFreed() {
        synchronized (signal) {
            slotFreed = true;
            signal.notifyAll();
        }
    }

    private void run() {
        while (!stopped) {
            synchronized (signal) {
                slotFreed = false;
            }
            boolean saturated = pollOnce();
            awaitNextPoll(saturated);
        }
    }

    /** @return whether due missions may have been left for want of a free slot */
    private boolean pollOnce() {
        meters.polls.increment();
        try {
            boolean saturated = tick.poll().saturated();
            if (failing) {
                failing = false;
                log.atInfo().log("continuous planning polls again");
            }
            return saturated;
        } catch (Exception e) {
            meters.pollFailures.increment();
            if (!failing) {
                failing = true;
                log.atWarn().addKeyValue("error", FailureReason.of(e))
                        .log("continuous planning poll failed; retried every interval until it succeeds");
            }
            return false;
        }
    }

    /** Until the interval has passed, or — after a saturated poll — a slot frees, or the loop stops. */
    private void awaitNextPoll(boolean saturated) {
        long deadline = System.nanoTime() + interval.toNanos();
        synchronized (signal) {
            try {
                long left;
                while (!stopped && !(saturated && slotFreed) && (left = deadline - System.nanoTime()) > 0) {
                    signal.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                stopped = true;
            }
        }
    }
}
