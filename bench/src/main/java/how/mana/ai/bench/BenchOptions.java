package how.mana.ai.bench;

import how.mana.ai.sync.SyncGeneration;
import java.time.Duration;
import java.util.List;

/**
 * The {@code bench} command's options, checked ({@link BenchArguments} reads them from the command line).
 *
 * @param sizes          mission-row counts to measure, smallest first; each sets the users for that run
 * @param newRows        mission rows arriving between two steady-state ticks (plus {@code otherMultiplier}× as many
 *                       other-app rows)
 * @param due            missions made due for the measured planning tick
 * @param missionRowIndex keep the index {@code migrate} puts on mission rows (false: drop it, to measure without)
 * @param generation     the generation of {@code sync_changes} the scratch database gets
 */
public record BenchOptions(
        WorkloadSpec workload,
        List<Long> sizes,
        Duration llmLatency,
        int concurrency,
        int due,
        int repeat,
        int newRows,
        int loaders,
        String serviceHeap,
        boolean missionRowIndex,
        SyncGeneration generation) {
}
