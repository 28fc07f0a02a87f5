package how.mana.ai.bench;

import how.mana.ai.sync.SyncGeneration;
import java.time.Duration;
import java.util.List;

/**
 * The options every scenario shares, checked ({@link ScenarioArguments}).
 *
 * @param missionRows mission rows of the loaded workload (plus {@code otherMultiplier}× other-app rows); the users
 *                    follow from 10 missions a user and 10 rows a mission
 * @param designs     the designs measured, one after another on the same workload
 */
record ScenarioOptions(long missionRows, int otherMultiplier, long seed, int loaders, String serviceHeap,
                       SyncGeneration generation, int concurrency, Duration llmLatency, List<Design> designs) {
}
