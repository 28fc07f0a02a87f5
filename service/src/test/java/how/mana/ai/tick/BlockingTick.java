package how.mana.ai.tick;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A tick that signals when it starts and then waits until the test releases it: a "slow" tick without sleeping. */
public final class BlockingTick implements Tick {
    private final CountDownLatch started = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger completed = new AtomicInteger();

    @Override
    public TickStats run() throws InterruptedException {
        started.countDown();
        if (!release.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the tick");
        }
        completed.incrementAndGet();
        return stats("2026-04-15T06:00:00.000Z");
    }

    public void awaitStarted() throws InterruptedException {
        if (!started.await(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the tick never started");
        }
    }

    public void release() {
        release.countDown();
    }

    public int completed() {
        return completed.get();
    }

    /** Stats with one of everything, so a test can tell them from the zero stats of an overlap. */
    public static TickStats stats(String scannedAt) {
        return new TickStats(scannedAt, 1, 1, 1, 0, List.of(), 0, 0, 0, 0, 0, 0, java.util.Map.of(), 1200, 0, List.of(), 3, 0, 5);
    }
}
