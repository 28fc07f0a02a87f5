package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TickSchedulerTest {
    private static final Duration SHORT = Duration.ofMillis(5);

    @Test
    void ticksAtStartAndThenRepeatedly() throws Exception {
        CountDownLatch threeTicks = new CountDownLatch(3);
        TickScheduler scheduler = scheduler(() -> {
            threeTicks.countDown();
            return BlockingTick.stats("x");
        }, SHORT);
        assertThat(scheduler.isRunning()).isFalse();

        scheduler.start();
        assertThat(scheduler.isRunning()).isTrue();
        assertThat(threeTicks.await(30, TimeUnit.SECONDS)).isTrue();
        scheduler.stop();
        assertThat(scheduler.isRunning()).isFalse();
    }

    @Test
    void theFirstTickRunsAtStartNotAfterAnInterval() throws Exception {
        CountDownLatch first = new CountDownLatch(1);
        TickScheduler scheduler = scheduler(() -> {
            first.countDown();
            return BlockingTick.stats("x");
        }, Duration.ofHours(1));
        scheduler.start();
        assertThat(first.await(30, TimeUnit.SECONDS)).isTrue();
        scheduler.stop();
    }

    @Test
    void failingTicksNeverEndTheSchedule() throws Exception {
        CountDownLatch threeAttempts = new CountDownLatch(3);
        TickScheduler scheduler = scheduler(() -> {
            threeAttempts.countDown();
            throw new IllegalStateException("boom");
        }, SHORT);
        scheduler.start();
        assertThat(threeAttempts.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(scheduler.isRunning()).isTrue();
        scheduler.stop();
    }

    @Test
    void afterStopTheRunningTickFinishesAndNoOtherStarts() throws Exception {
        BlockingTick slow = new BlockingTick();
        AtomicInteger calls = new AtomicInteger();
        TickScheduler scheduler = scheduler(() -> {
            calls.incrementAndGet();
            return slow.run();
        }, SHORT);
        scheduler.start();
        slow.awaitStarted();

        scheduler.stop();
        slow.release();
        assertThat(scheduler.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(slow.completed()).isEqualTo(1);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aStoppedSchedulerDoesNotStartAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        TickScheduler scheduler = scheduler(() -> {
            calls.incrementAndGet();
            return BlockingTick.stats("x");
        }, SHORT);
        scheduler.stop();
        scheduler.start();
        assertThat(scheduler.isRunning()).isFalse();
        assertThat(scheduler.awaitTermination(Duration.ofSeconds(30))).isTrue();
        assertThat(calls).hasValue(0);
    }

    private static TickScheduler scheduler(Tick tick, Duration interval) {
        return new TickScheduler(new TickRunner(tick, new SimpleMeterRegistry(), Clock.systemUTC()), interval);
    }
}
