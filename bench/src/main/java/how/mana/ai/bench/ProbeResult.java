package how.mana.ai.bench;

/**
 * The figures one service process measured on one workload; times in milliseconds, memory in MiB.
 *
 * @param bootstrapRowsPerSecond mission rows of the workload per second of snapshot rebuild
 * @param steadyState            refresh plus due query after each batch of new rows (nothing due)
 * @param steadyRefresh          the refresh part of {@code steadyState} alone
 * @param dueQuery               the due query alone, with the workload's own due missions in place
 * @param drainTick              the first tick, planning the missions the workload made due
 * @param plannedTick            the tick after {@code due} more missions were made due
 */
record ProbeResult(
        double bootstrapMs,
        double bootstrapRowsPerSecond,
        Percentiles dueQuery,
        int dueQueryCount,
        TickFigures drainTick,
        Percentiles steadyState,
        Percentiles steadyRefresh,
        int steadyDueCount,
        TickFigures plannedTick,
        Memory bootstrapMemory,
        Memory dueQueryMemory,
        Memory drainTickMemory,
        Memory steadyMemory,
        Memory plannedTickMemory,
        double maxHeapMb) {

    record Percentiles(double medianMs, double p95Ms, double maxMs, int n) {
        static Percentiles of(Samples s) {
            return new Percentiles(Samples.millis(s.median()), Samples.millis(s.p95()), Samples.millis(s.max()),
                    s.values().size());
        }
    }

    /**
     * @param idealMs the floor set by the LLM alone: ceil(due / concurrency) × latency
     */
    record TickFigures(int due, int written, int errors, double wallMs, double idealMs) {
        double ratio() {
            return idealMs == 0 ? 0 : wallMs / idealMs;
        }
    }

    /** Heap used at the end of a phase, the most seen during it, and the process's resident memory. */
    record Memory(double heapAfterMb, double heapPeakMb, double rssMb, double rssPeakMb) {
    }
}
