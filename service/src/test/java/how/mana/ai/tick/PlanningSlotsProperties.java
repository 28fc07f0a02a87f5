package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.mission.Mission;
import how.mana.ai.planner.TestMissions;
import how.mana.ai.runs.SlotStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The planning slots' invariant, whatever the passes and polls ask of them in whatever order: never more runs at once
 * than slots, never one mission twice at once, and every slot free again once the runs have ended.
 */
class PlanningSlotsProperties {
    /** Long enough that no heartbeat falls within a try: these runs never hold a lease. */
    private static final Duration NO_HEARTBEAT = Duration.ofHours(1);

    @Property(tries = 60)
    void neverMoreRunsThanSlotsNorOneMissionTwiceAndEverySlotFreeAfterwards(
            @ForAll @IntRange(min = 1, max = 4) int concurrency,
            @ForAll @Size(min = 1, max = 40) List<@IntRange(min = 0, max = 5) Integer> missionsAsked,
            @ForAll @Size(min = 40, max = 40) List<Boolean> byAPass) throws Exception {
        // The store is never reached: no heartbeat falls due and nothing is given back.
        PlanningSlots slots = new PlanningSlots(concurrency, new SlotStore(null), "owner",
                NO_HEARTBEAT.multipliedBy(4), NO_HEARTBEAT, new SimpleMeterRegistry());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Map<Integer, AtomicInteger> runningPerMission = new ConcurrentHashMap<>();
        Set<Integer> twiceAtOnce = ConcurrentHashMap.newKeySet();
        List<Future<?>> passRuns = new ArrayList<>();
        Set<Integer> askedByAPass = new HashSet<>();
        Set<Integer> ran = ConcurrentHashMap.newKeySet();

        for (int i = 0; i < missionsAsked.size(); i++) {
            int missionNumber = missionsAsked.get(i);
            Mission mission = mission(missionNumber);
            Runnable run = () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                if (runningPerMission.computeIfAbsent(missionNumber, m -> new AtomicInteger()).incrementAndGet() > 1) {
                    twiceAtOnce.add(missionNumber);
                }
                ran.add(missionNumber);
                LockSupport.parkNanos(200_000);
                runningPerMission.get(missionNumber).decrementAndGet();
                running.decrementAndGet();
            };
            if (byAPass.get(i)) {
                askedByAPass.add(missionNumber);
                slots.startWhenFree(mission, run).ifPresent(passRuns::add);
            } else {
                slots.tryStart(mission, run);
            }
        }
        for (Future<?> passRun : passRuns) {
            passRun.get();
        }

        assertThat(slots.awaitIdle(Duration.ofSeconds(30))).isTrue();
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(concurrency);
        assertThat(twiceAtOnce).as("missions run twice at once").isEmpty();
        assertThat(ran).as("a pass waits for a slot: each mission it asks for runs").containsAll(askedByAPass);
        assertThat(slots.freeSlots()).isEqualTo(concurrency);
        assertThat(slots.inFlight()).isZero();
    }

    private static Mission mission(int number) {
        return TestMissions.mission("""
                {"id":"m-%d","title":"Mission %d","objective":"Ziel","state":"active",
                 "nextRunAt":"2026-01-01T00:00:00.000Z","iterations":[],"inputs":[]}""".formatted(number, number));
    }
}
