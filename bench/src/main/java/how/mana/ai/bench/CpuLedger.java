package how.mana.ai.bench;

import java.util.HashMap;
import java.util.Map;

/**
 * CPU ticks a changing set of processes used over a window (say, the backends of one role, which come and go):
 * for each process, its last reading minus its first, or minus zero when it started within the window. A process
 * that ends between two readings loses what it used after the last one, so readings should be frequent.
 */
final class CpuLedger {
    private final Map<Long, long[]> firstAndLast = new HashMap<>();

    /**
     * One reading of process {@code pid}.
     *
     * @param bornInWindow whether the process started after the window began (all it ever used counts)
     * @throws IllegalArgumentException when the reading is below an earlier one of the same process
     */
    void observe(long pid, long ticks, boolean bornInWindow) {
        long[] seen = firstAndLast.get(pid);
        if (seen == null) {
            firstAndLast.put(pid, new long[] {bornInWindow ? 0 : ticks, ticks});
            return;
        }
        if (ticks < seen[1]) {
            throw new IllegalArgumentException("process " + pid + " went back from " + seen[1] + " to " + ticks
                    + " ticks (a pid reused?)");
        }
        seen[1] = ticks;
    }

    /** Ticks used within the window by every process observed. */
    long ticks() {
        return firstAndLast.values().stream().mapToLong(seen -> seen[1] - seen[0]).sum();
    }

    /** Processes observed. */
    int processes() {
        return firstAndLast.size();
    }

    /** {@code ticks} over {@code seconds} as a percentage of one core. */
    static double percentOfOneCore(long ticks, long ticksPerSecond, double seconds) {
        return Math.round(ticks * 10_000.0 / ticksPerSecond / seconds) / 100.0;
    }
}
