package how.mana.ai.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Watches this JVM's used heap from a daemon thread, so a phase's peak is seen and not only its end state.
 * Sampling every few milliseconds misses nothing that matters against a 256 MB budget.
 */
public final class HeapSampler implements AutoCloseable {
    private static final long INTERVAL_MS = 5;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final AtomicLong peak = new AtomicLong();
    private final Thread thread;

    private HeapSampler() {
        thread = Thread.ofPlatform().daemon().name("heap-sampler").unstarted(this::sample);
    }

    public static HeapSampler start() {
        HeapSampler sampler = new HeapSampler();
        sampler.thread.start();
        return sampler;
    }

    /** The largest used heap seen since the last reset, in bytes. */
    public long peakBytes() {
        return Math.max(peak.get(), usedBytes());
    }

    /** Starts a new phase: returns that phase's peak and forgets it. */
    public long resetPeak() {
        long seen = peakBytes();
        peak.set(0);
        return seen;
    }

    /** Heap used right now, in bytes. */
    public long usedBytes() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(usedBytes(), Math::max);
            try {
                Thread.sleep(INTERVAL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
