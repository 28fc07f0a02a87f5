package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.Planner;
import how.mana.ai.runs.Claim;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.testing.ManaSyncDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Continuous planning and the short, renewed leases: a live run keeps its slot past its first lease, a killed
 * replica's slot is taken over and planned once, a held-back mission is not looked at every poll, and a stopping
 * loop starts nothing more and gives back what it cannot finish.
 */
class PlanningLoopTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final Duration SHORT_LEASE = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Far above what any step here needs; only a broken service waits this long. */
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private final TickHarness harness = new TickHarness(db);

    @BeforeEach
    void emptyTables() throws Exception {
        harness.reset();
    }

    @Test
    void aLiveRunKeepsItsLeasePastItsFirstExpiryAndNobodyElseCanClaimTheSlot() throws Exception {
        SlotKey key = harness.dueSlot("u1", "m1");
        BlockedPlanner planner = new BlockedPlanner();
        MissionTick tick = harness.tick(db.service(), planner, "live-replica", 3, SHORT_LEASE);
        CompletableFuture<TickStats> pass = CompletableFuture.supplyAsync(() -> run(tick));
        planner.awaitAsked();
        Instant firstLease = harness.leaseUntil(key);

        await().atMost(DEADLINE).until(() -> harness.databaseClockPast(firstLease));

        assertThat(harness.leaseUntil(key)).as("renewed by the heartbeat").isAfter(firstLease);
        assertThat(new SlotStore(db.service()).claim(key, "other-replica", SHORT_LEASE))
                .as("claimable by nobody else while its run is alive").isEmpty();
        planner.answer();
        assertThat(pass.get(30, TimeUnit.SECONDS).plansWrittenBack()).isEqualTo(1);
        assertThat(harness.runnerRows()).hasSize(1);
    }

    @Test
    void aSlotWhoseOwnerStoppedRenewingIsTakenOverAndPlannedOnceAndTheStaleWriteIsRefused() throws Exception {
        SlotKey key = harness.dueSlot("u1", "m1");
        SlotStore slots = new SlotStore(db.service());
        // The killed replica: claimed with a short lease, and nothing renews it any more.
        Claim stale = slots.claim(key, "killed-replica", Duration.ofSeconds(1)).orElseThrow();
        MissionTick survivor = harness.tick(db.service(), (mission, run) -> MissionTickTest.onePlan(), "survivor",
                3, SHORT_LEASE);
        PlanningLoop loop = survivor.loop(POLL).orElseThrow();

        loop.start();
        try {
            await().atMost(DEADLINE).until(() -> harness.runnerRows().size() == 1);
        } finally {
            loop.stop();
            assertThat(loop.drain(DEADLINE)).isTrue();
        }

        var plan = new WriteBack.Content.Planned(((PlanOutcome.Planned) MissionTickTest.onePlan()).plan());
        assertThat(harness.writeBack(db.service(), Clock.systemUTC()).write(stale, "killed-replica", plan,
                Instant.now())).as("the killed replica's late write").isInstanceOf(WriteBack.Result.LeaseLost.class);
        assertThat(harness.runnerRows()).hasSize(1);
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("done/0");
    }

    @Test
    void aMissionThatFallsDueIsPlannedFromItsLatestEditsThoughPollsFoldOnlyWhatDecidesWhetherItIsDue()
            throws Exception {
        // Older than any poll's horizon, so no poll reads the mission's deciding row; a pass's fold (as from
        // scratch: a refresh reads from its watermark on) put it into the projection.
        harness.insertMission("u1", "m1", "active", Instant.now().plusSeconds(2),
                "{\"kind\":\"interval\",\"everyMinutes\":60}", Instant.now().minusSeconds(30));
        db.projection().rebuild();
        harness.deviceUpdate("u1", "m1", "{\"objective\":\"5x pro Woche laufen\"}");
        List<String> objectives = new CopyOnWriteArrayList<>();
        MissionTick tick = harness.tick(db.service(), (mission, run) -> {
            objectives.add(mission.objective());
            return MissionTickTest.onePlan();
        }, "replica", 3, SHORT_LEASE);
        PlanningLoop loop = tick.loop(POLL).orElseThrow();

        loop.start();
        try {
            await().atMost(DEADLINE).until(() -> harness.runnerRows().size() == 1);
        } finally {
            loop.stop();
            loop.drain(DEADLINE);
        }

        assertThat(objectives).as("the edit no poll folded for the due query").containsExactly("5x pro Woche laufen");
    }

    @Test
    void aMissionItsAgentHoldsBackIsLookedAtOnceUntilTheNextPassNotAtEveryPoll() throws Exception {
        db.insertChange("u1", "ai", "agents", "resting", "insert", "{\"name\":\"Resting\",\"state\":\"paused\"}",
                null, null);
        harness.insertDueMission("u1", "m-held");
        harness.deviceUpdate("u1", "m-held", "{\"agentId\":\"resting\"}");
        harness.insertDueMission("u1", "m-free");
        MissionTick tick = harness.tick(db.service(), (mission, run) -> MissionTickTest.onePlan(), "replica", 3,
                SHORT_LEASE);
        PlanningLoop loop = tick.loop(POLL).orElseThrow();

        loop.start();
        try {
            await().atMost(DEADLINE).until(() -> harness.runnerRows().size() == 1 && polls() >= 20);
            assertThat(pausedDecisions()).as("decided once, not at every poll").isEqualTo(1);
            tick.run();
            await().atMost(DEADLINE).until(() -> polls() >= 40);
            assertThat(pausedDecisions()).as("once more by the pass").isEqualTo(2);
        } finally {
            loop.stop();
            loop.drain(DEADLINE);
        }
        assertThat(harness.runnerRows()).singleElement().extracting(TickHarness.WrittenRow::recordId)
                .isEqualTo("m-free");
    }

    @Test
    void aStoppedLoopFinishesWhatRunsWithinTheGraceAndStartsNothingMore() throws Exception {
        harness.insertDueMission("u1", "m1");
        BlockedPlanner planner = new BlockedPlanner();
        MissionTick tick = harness.tick(db.service(), planner, "stopping-replica", 3, SHORT_LEASE);
        PlanningLoop loop = tick.loop(POLL).orElseThrow();
        loop.start();
        planner.awaitAsked();

        loop.stop();
        harness.insertDueMission("u1", "m2");
        CompletableFuture<Boolean> drained = CompletableFuture.supplyAsync(() -> drain(loop, DEADLINE));
        planner.answer();

        assertThat(drained.get(60, TimeUnit.SECONDS)).isTrue();
        assertThat(harness.runnerRows()).singleElement().extracting(TickHarness.WrittenRow::recordId)
                .isEqualTo("m1");
        assertThat(planner.asked()).as("nothing started after the stop").isEqualTo(1);
        assertThat(tick.run().plansWrittenBack()).as("a pass after the stop starts nothing").isZero();
    }

    @Test
    void aRunStillGoingWhenTheGraceEndsGivesItsSlotBackAndItsLateWriteIsRefused() throws Exception {
        SlotKey key = harness.dueSlot("u1", "m1");
        BlockedPlanner planner = new BlockedPlanner();
        MissionTick stopping = harness.tick(db.service(), planner, "stopping-replica", 3, SHORT_LEASE);
        PlanningLoop loop = stopping.loop(POLL).orElseThrow();
        loop.start();
        planner.awaitAsked();

        loop.stop();
        assertThat(loop.drain(Duration.ofMillis(100))).as("the run outlasted the grace").isFalse();
        assertThat(harness.slotStatus("u1", "m1")).as("given back, no attempt counted").isEqualTo("pending/0");
        planner.answer();
        await().atMost(DEADLINE).until(() -> inFlight() == 0);
        assertThat(harness.runnerRows()).as("its late write was refused").isEmpty();

        MissionTick other = harness.tick(db.service(), (mission, run) -> MissionTickTest.onePlan(), "other",
                3, SHORT_LEASE);
        assertThat(other.run().plansWrittenBack()).as("another replica plans it at once").isEqualTo(1);
        assertThat(harness.runnerRows()).hasSize(1);
        assertThat(harness.slotStatus(key.userId(), key.missionId())).isEqualTo("done/0");
    }

    private double polls() {
        return harness.meters().get("mana_ai_polls").counter().count();
    }

    private double pausedDecisions() {
        return harness.meters().get("mana_ai_agent_decisions").tag("decision", "skipped-paused").counter().count();
    }

    private double inFlight() {
        return harness.meters().get("mana_ai_missions_in_flight").gauge().value();
    }

    private static TickStats run(MissionTick tick) {
        try {
            return tick.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean drain(PlanningLoop loop, Duration grace) {
        try {
            return loop.drain(grace);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A planner whose LLM call lasts until the test answers it. */
    private static final class BlockedPlanner implements Planner {
        private final CountDownLatch asked = new CountDownLatch(1);
        private final CountDownLatch answer = new CountDownLatch(1);
        private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

        @Override
        public PlanOutcome plan(how.mana.ai.mission.Mission mission, how.mana.ai.planner.PlanningRun run) {
            calls.incrementAndGet();
            asked.countDown();
            try {
                if (!answer.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never answered");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return MissionTickTest.onePlan();
        }

        void awaitAsked() throws InterruptedException {
            assertThat(asked.await(30, TimeUnit.SECONDS)).as("the planner was asked").isTrue();
        }

        void answer() {
            answer.countDown();
        }

        int asked() {
            return calls.get();
        }
    }
}
