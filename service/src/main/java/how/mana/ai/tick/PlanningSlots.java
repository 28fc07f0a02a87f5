package how.mana.ai.tick;

import how.mana.ai.mission.Mission;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's planning slots ({@code MANA_AI_CONCURRENCY}), shared by the full passes and continuous planning, and
 * the missions in flight on them: each runs on its own virtual thread, and a mission is planned by at most one run
 * of this process at a time. While any is in flight, a heartbeat renews this process's leases on their slots, one
 * statement for all, {@code heartbeat} apart: a lease can stay short (a killed process's slots are claimable again
 * within one lease) and still never lapses while its run is alive.
 */
final class PlanningSlots {
    private static final Logger log = LoggerFactory.getLogger(PlanningSlots.class);
    /** How often a pass waiting for a free slot looks whether the service is stopping. */
    private static final Duration STOP_CHECK = Duration.ofMillis(200);

    /** How an attempt to start a mission's run ended. */
    enum Start {
        STARTED,
        /** This process is planning the mission already. */
        IN_FLIGHT,
        /** Every slot is taken. */
        NO_FREE_SLOT,
        /** The service is stopping and starts nothing more. */
        STOPPING
    }

    private final int concurrency;
    private final Semaphore free;
    /** The slot each mission in flight is planned for, by (user, mission). */
    private final Map<List<String>, SlotKey> inFlight = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("mission-", 0).factory());
    private final SlotStore slots;
    private final String owner;
    private final Duration lease;
    private final Duration heartbeat;
    private final Counter renewalFailures;
    private final Object heartbeatState = new Object();
    private boolean heartbeatRunning;
    private volatile boolean stopping;
    private volatile Runnable onSlotFreed = () -> { };

    PlanningSlots(int concurrency, SlotStore slots, String owner, Duration lease, Duration heartbeat,
                  MeterRegistry registry) {
        this.concurrency = concurrency;
        this.free = new Semaphore(concurrency);
        this.slots = slots;
        this.owner = owner;
        this.lease = lease;
        this.heartbeat = heartbeat;
        Gauge.builder("mana_ai_missions_in_flight", inFlight, Map::size)
                .description("Missions being planned now by this process (passes and continuous planning)")
                .register(registry);
        this.renewalFailures = Counter.builder("mana_ai_lease_renewal_failures")
                .description("Heartbeats whose renewal of this process's slot leases failed (a database error)")
                .register(registry);
    }

    /** Called each time a run ends and frees its slot (continuous planning polls again when it was waiting). */
    void onSlotFreed(Runnable listener) {
        this.onSlotFreed = listener;
    }

    /** Starts {@code run} for {@code mission} when a slot is free now; never waits. */
    Start tryStart(Mission mission, Runnable run) {
        if (stopping) {
            return Start.STOPPING;
        }
        if (!free.tryAcquire()) {
            return Start.NO_FREE_SLOT;
        }
        return launch(mission, run).isPresent() ? Start.STARTED : Start.IN_FLIGHT;
    }

    /**
     * Waits for a free slot and starts {@code run} for {@code mission} on it.
     *
     * @return the run, to wait for; empty when the mission is in flight already or the service is stopping
     */
    Optional<Future<?>> startWhenFree(Mission mission, Runnable run) throws InterruptedException {
        // Not worth waiting for a slot: launch would find it in flight (and checks again, for a start meanwhile).
        if (inFlight.containsKey(keyOf(mission))) {
            return Optional.empty();
        }
        while (!free.tryAcquire(STOP_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
            if (stopping) {
                return Optional.empty();
            }
        }
        if (stopping) {
            free.release();
            return Optional.empty();
        }
        return launch(mission, run);
    }

    /** With a slot acquired: the run, or empty (the slot given back) when the mission is in flight already. */
    private Optional<Future<?>> launch(Mission mission, Runnable run) {
        List<String> key = keyOf(mission);
        if (inFlight.putIfAbsent(key, SlotKey.of(mission)) != null) {
            free.release();
            return Optional.empty();
        }
        keepHeartbeat();
        return Optional.of(CompletableFuture.runAsync(() -> {
            try {
                run.run();
            } finally {
                inFlight.remove(key);
                free.release();
                onSlotFreed.run();
            }
        }, threads));
    }

    /** A mission's entry among those in flight: one per (user, mission), whatever its slot. */
    private static List<String> keyOf(Mission mission) {
        return List.of(mission.userId(), mission.id());
    }

    /** Slots free now. */
    int freeSlots() {
        return free.availablePermits();
    }

    /** Missions in flight now. */
    int inFlight() {
        return inFlight.size();
    }

    /** Starts nothing more: every later start answers {@link Start#STOPPING} or empty. Runs in flight go on. */
    void stopTaking() {
        stopping = true;
    }

    /** Waits up to {@code timeout} until no mission is in flight; true when none is. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        if (free.tryAcquire(concurrency, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            free.release(concurrency);
            return true;
        }
        return false;
    }

    /**
     * Gives the leases of the missions still in flight back (their runs go on, but can no longer write), so another
     * replica may plan them at once instead of after their leases lapse.
     *
     * @return how many leases were given back
     */
    int giveBack() throws SQLException {
        return slots.release(owner, List.copyOf(inFlight.values()));
    }

    /** Starts the heartbeat unless it runs; it ends by itself once nothing is in flight. */
    private void keepHeartbeat() {
        synchronized (heartbeatState) {
            if (!heartbeatRunning) {
                heartbeatRunning = true;
                Thread.ofVirtual().name("lease-heartbeat").start(this::beat);
            }
        }
    }

    /** Sleeps outside the lock: a virtual thread waiting inside {@code synchronized} pins its carrier on Java 21. */
    private void beat() {
        while (true) {
            try {
                Thread.sleep(heartbeat);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (heartbeatState) {
                if (inFlight.isEmpty() || Thread.currentThread().isInterrupted()) {
                    heartbeatRunning = false;
                    return;
                }
            }
            renew();
        }
    }

    private void renew() {
        try {
            slots.renew(owner, lease, List.copyOf(inFlight.values()));
        } catch (SQLException e) {
            renewalFailures.increment();
            log.atWarn().addKeyValue("error", e.toString()).addKeyValue("leaseMs", lease.toMillis())
                    .log("renewing the slot leases failed; retried at the next heartbeat");
        }
    }
}
