package how.mana.ai.tick;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TickRunnerTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-04-15T06:00:00.123456Z"), ZoneOffset.UTC);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aCompletedTickReturnsItsStatsAndIsCounted() {
        TickStats stats = BlockingTick.stats("2026-04-15T06:00:00.000Z");
        TickRunner runner = new TickRunner(() -> stats, registry, CLOCK);

        assertThat(runner.run()).isEqualTo(new TickOutcome.Completed(stats));
        assertThat(registry.get("mana_ai.ticks").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("mana_ai.tick.duration").timer().count()).isEqualTo(1);
        assertThat(registry.get("mana_ai.tick.failures").counter().count()).isZero();
        assertThat(runner.inProgress()).isFalse();
    }

    @Test
    void aTickRequestedWhileOneRunsIsSkippedAtOnce() throws Exception {
        BlockingTick slow = new BlockingTick();
        TickRunner runner = new TickRunner(slow, registry, CLOCK);
        CompletableFuture<TickOutcome> first = startBlocked(runner, slow);

        assertThat(runner.inProgress()).isTrue();
        TickOutcome second = runner.run();
        assertThat(second).isEqualTo(new TickOutcome.OverlapSkipped(
                TickStats.overlapSkipped("2026-04-15T06:00:00.123Z")));
        assertThat(((TickOutcome.OverlapSkipped) second).stats().errors()).containsExactly("overlap-skipped");

        slow.release();
        assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(TickOutcome.Completed.class);
        assertThat(slow.completed()).isEqualTo(1);
        assertThat(registry.get("mana_ai.ticks").counter().count()).as("the skipped one did not run").isEqualTo(1.0);
        assertThat(runner.inProgress()).isFalse();
    }

    @Test
    void aThrowingTickIsAFailedOutcomeCountedAndTheNextTickStillRuns() {
        int[] calls = {0};
        TickRunner runner = new TickRunner(() -> {
            if (calls[0]++ == 0) {
                throw new IOException("database\n unreachable");
            }
            return BlockingTick.stats("x");
        }, registry, CLOCK);

        assertThat(runner.run()).isEqualTo(new TickOutcome.Failed("IOException: database"));
        assertThat(registry.get("mana_ai.tick.failures").counter().count()).isEqualTo(1.0);
        assertThat(runner.inProgress()).as("the lock is released after a failure").isFalse();
        assertThat(runner.run()).isInstanceOf(TickOutcome.Completed.class);
        assertThat(registry.get("mana_ai.ticks").counter().count()).isEqualTo(2.0);
    }

    @Test
    void closeWaitsForTheTickInFlightAndRefusesNewOnes() throws Exception {
        BlockingTick slow = new BlockingTick();
        TickRunner runner = new TickRunner(slow, registry, CLOCK);
        CompletableFuture<TickOutcome> inFlight = startBlocked(runner, slow);

        CompletableFuture<Boolean> closing = CompletableFuture.supplyAsync(() -> closeQuietly(runner, Duration.ofMinutes(1)));
        // While the tick holds the gate, close cannot have returned true; it only returns false after a minute.
        assertThat(closing).isNotDone();
        slow.release();

        assertThat(closing.get(30, TimeUnit.SECONDS)).isTrue();
        assertThat(inFlight.get(30, TimeUnit.SECONDS)).isInstanceOf(TickOutcome.Completed.class);
        assertThat(slow.completed()).isEqualTo(1);
        assertThat(runner.run()).isEqualTo(new TickOutcome.ShuttingDown());
    }

    @Test
    void closeGivesUpAfterTheGracePeriod() throws Exception {
        BlockingTick stuck = new BlockingTick();
        TickRunner runner = new TickRunner(stuck, registry, CLOCK);
        CompletableFuture<TickOutcome> inFlight = startBlocked(runner, stuck);

        assertThat(runner.close(Duration.ofMillis(20))).isFalse();
        stuck.release();
        inFlight.get(30, TimeUnit.SECONDS);
    }

    @Test
    void closeWithNothingRunningReturnsAtOnce() throws Exception {
        TickRunner runner = new TickRunner(() -> BlockingTick.stats("x"), registry, CLOCK);
        assertThat(runner.close(Duration.ZERO)).isTrue();
        assertThat(runner.run()).isEqualTo(new TickOutcome.ShuttingDown());
        assertThat(registry.get("mana_ai.ticks").counter().count()).isZero();
    }

    /** Starts a tick on another thread and returns once it is running (and blocked). */
    private static CompletableFuture<TickOutcome> startBlocked(TickRunner runner, BlockingTick tick)
            throws InterruptedException {
        CompletableFuture<TickOutcome> outcome = CompletableFuture.supplyAsync(runner::run);
        tick.awaitStarted();
        return outcome;
    }

    private static boolean closeQuietly(TickRunner runner, Duration grace) {
        try {
            return runner.close(grace);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
