package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.Planner;
import how.mana.ai.runs.Claim;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.testing.ManaSyncDatabase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** At most one iteration per due slot, whatever runs at the same time or dies halfway (SPEC §6 "Exactly once"). */
class ExactlyOnceTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    private final TickHarness harness = new TickHarness(db);

    @BeforeEach
    void emptyTables() throws Exception {
        harness.reset();
    }

    @Test
    void threeRunnersWithTheirOwnPoolsTickingAtOnceWriteEachOf300MissionsExactlyOnce() throws Exception {
        for (int i = 0; i < 300; i++) {
            harness.insertDueMission("user-" + (i % 17), "mission-" + i);
        }
        // A little planning time so the three runners really overlap.
        Planner slowPlanner = (mission, tools) -> {
            sleep(2);
            return MissionTickTest.onePlan();
        };
        List<MissionTick> runners = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            runners.add(harness.tick(db.newServicePool("replica-" + r, 6), slowPlanner, "replica-" + r, 3,
                    Duration.ofMinutes(5)));
        }

        List<TickStats> stats = runTogether(runners);

        Map<String, Long> iterationsPerMission = harness.runnerRows().stream()
                .collect(Collectors.groupingBy(row -> row.userId() + "/" + row.recordId(), Collectors.counting()));
        assertThat(iterationsPerMission).hasSize(300);
        assertThat(iterationsPerMission.values()).containsOnly(1L);
        assertThat(stats.stream().mapToInt(TickStats::plansWrittenBack).sum()).isEqualTo(300);
        assertThat(stats).allSatisfy(s -> assertThat(s.errors()).isEmpty());
    }

    @Test
    void threeInstancesPlanningContinuouslyWhileMissionsBecomeDueWriteEverySlotExactlyOnce() throws Exception {
        for (int i = 0; i < 60; i++) {
            harness.insertDueMission("user-" + (i % 7), "early-" + i);
        }
        Planner slowPlanner = (mission, tools) -> {
            sleep(3);
            return MissionTickTest.onePlan();
        };
        List<MissionTick> instances = new ArrayList<>();
        List<PlanningLoop> loops = new ArrayList<>();
        for (int r = 0; r < 3; r++) {
            MissionTick instance = harness.tick(db.newServicePool("continuous-" + r, 6), slowPlanner,
                    "continuous-" + r, 3, Duration.ofSeconds(2));
            instances.add(instance);
            loops.add(instance.loop(Duration.ofMillis(20)).orElseThrow());
        }
        loops.forEach(PlanningLoop::start);
        try {
            // Missions becoming due while the instances plan, and a full pass of one of them in between.
            for (int i = 0; i < 60; i++) {
                harness.insertDueMission("user-" + (i % 7), "later-" + i);
                if (i == 30) {
                    assertThat(instances.get(0).run().errors()).isEmpty();
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> harness.runnerRows().size() >= 120);
        } finally {
            loops.forEach(PlanningLoop::stop);
            for (PlanningLoop loop : loops) {
                assertThat(loop.drain(Duration.ofSeconds(30))).isTrue();
            }
        }

        Map<String, Long> iterationsPerMission = harness.runnerRows().stream()
                .collect(Collectors.groupingBy(row -> row.userId() + "/" + row.recordId(), Collectors.counting()));
        assertThat(iterationsPerMission).hasSize(120);
        assertThat(iterationsPerMission.values()).containsOnly(1L);
        assertThat(slotStatuses()).as("every slot finished, none lost or pending").containsOnlyKeys("done/0")
                .containsEntry("done/0", 120L);
    }

    private static Map<String, Long> slotStatuses() throws Exception {
        try (var c = db.admin().getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT status || '/' || attempts, count(*) FROM mana_ai.run_slots GROUP BY 1")) {
            Map<String, Long> counts = new java.util.TreeMap<>();
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
            return counts;
        }
    }

    @Test
    void overlappingTicksOfOneRunnerNeverPlanASlotTwice() throws Exception {
        for (int i = 0; i < 40; i++) {
            harness.insertDueMission("u", "m" + i);
        }
        Planner slowPlanner = (mission, tools) -> {
            sleep(5);
            return MissionTickTest.onePlan();
        };
        MissionTick tick = harness.tick(db.service(), slowPlanner, "same-runner", 3, Duration.ofMinutes(5));

        runTogether(List.of(tick, tick));

        assertThat(harness.runnerRows()).hasSize(40);
    }

    @Test
    void aRunnerThatDiesAfterClaimingLeavesTheSlotToTheNextTickOnceTheLeaseRunsOut() throws Exception {
        SlotKey key = harness.dueSlot("u1", "m1");
        // The crashed runner: claimed, asked the LLM, never wrote.
        assertThat(new SlotStore(db.service()).claim(key, "crashed-runner", Duration.ofMinutes(5))).isPresent();

        TickStats whileLeased = harness.tick(recordingPlanner()).run();
        assertThat(whileLeased.dueMissionCount()).as("a leased slot is not taken up").isZero();
        assertThat(harness.runnerRows()).isEmpty();

        harness.expireLease(key);
        TickStats afterLease = harness.tick(recordingPlanner()).run();
        assertThat(afterLease.plansWrittenBack()).isEqualTo(1);
        assertThat(harness.tick(recordingPlanner()).run().plansWrittenBack()).isZero();
        assertThat(harness.runnerRows()).hasSize(1);
    }

    @Test
    void aRunnerWhoseLeaseWasTakenOverWritesNothing() throws Exception {
        SlotKey key = harness.dueSlot("u1", "m1");
        SlotStore slots = new SlotStore(db.service());
        Claim slow = slots.claim(key, "slow-runner", Duration.ofMinutes(5)).orElseThrow();
        assertThat(slots.claim(key, "fast-runner", Duration.ofMinutes(5))).as("while the lease lasts").isEmpty();
        harness.expireLease(key);
        Claim fast = slots.claim(key, "fast-runner", Duration.ofMinutes(5)).orElseThrow();
        WriteBack writeBack = harness.writeBack(db.service(), java.time.Clock.systemUTC());
        var plan = new WriteBack.Content.Planned(((PlanOutcome.Planned) MissionTickTest.onePlan()).plan());

        assertThat(writeBack.write(slow, "slow-runner", plan, java.time.Instant.now()))
                .isInstanceOf(WriteBack.Result.LeaseLost.class);
        assertThat(writeBack.write(fast, "fast-runner", plan, java.time.Instant.now()))
                .isInstanceOf(WriteBack.Result.Written.class);
        assertThat(writeBack.write(fast, "fast-runner", plan, java.time.Instant.now()))
                .as("a retried write of a finished slot").isInstanceOf(WriteBack.Result.LeaseLost.class);
        assertThat(harness.runnerRows()).hasSize(1);
    }

    @Test
    void aRunRepeatedAfterItsWriteLandedRecognisesItsOwnIteration() throws Exception {
        SlotKey key = harness.dueSlot("u1", "m1");
        // The iteration of this slot is already in the mission (say, restored from a backup taken mid-run),
        // but the slot row does not know it.
        harness.deviceUpdate("u1", "m1", "{\"iterations\":[{\"id\":\"" + key.iterationId() + "\",\"plan\":[]}]}");

        TickStats stats = harness.tick(recordingPlanner()).run();

        assertThat(stats.plansWrittenBack()).isZero();
        assertThat(harness.runnerRows()).isEmpty();
        assertThat(harness.slotStatus("u1", "m1")).isEqualTo("done/0");
    }

    private static Planner recordingPlanner() {
        return (mission, tools) -> MissionTickTest.onePlan();
    }

    private static List<TickStats> runTogether(List<MissionTick> ticks) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<TickStats>> calls = new ArrayList<>();
        for (MissionTick tick : ticks) {
            calls.add(() -> {
                start.await();
                return tick.run();
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(ticks.size())) {
            List<Future<TickStats>> futures = new ArrayList<>();
            for (Callable<TickStats> call : calls) {
                futures.add(pool.submit(call));
            }
            start.countDown();
            List<TickStats> results = new ArrayList<>();
            for (Future<TickStats> f : futures) {
                results.add(f.get());
            }
            return results;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
