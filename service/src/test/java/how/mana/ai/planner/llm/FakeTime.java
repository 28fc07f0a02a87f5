package how.mana.ai.planner.llm;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time for a client under test that moves only when the client waits: a wait returns at once, is recorded, and
 * moves the clock on by its length (plus any oversleep), so deadlines pass without the test waiting for them.
 */
final class FakeTime implements ChatCompletionsClient.TimeSource {
    private final Duration oversleep;
    private final AtomicLong nanos = new AtomicLong();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    private FakeTime(Duration oversleep) {
        this.oversleep = oversleep;
    }

    /** Every wait takes exactly as long as asked. */
    static FakeTime exact() {
        return new FakeTime(Duration.ZERO);
    }

    /** Every wait takes {@code extra} longer than asked, as on a busy machine. */
    static FakeTime oversleepingBy(Duration extra) {
        return new FakeTime(extra);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public void sleep(Duration duration) {
        sleeps.add(duration);
        nanos.addAndGet(duration.plus(oversleep).toNanos());
    }

    /** Moves the clock on as if the caller had spent {@code duration} elsewhere (a run's earlier rounds). */
    void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }

    /** The waits asked for, in order. */
    List<Duration> sleeps() {
        return sleeps;
    }
}
