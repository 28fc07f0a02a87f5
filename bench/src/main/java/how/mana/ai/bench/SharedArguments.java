package how.mana.ai.bench;

import how.mana.ai.sync.SyncGeneration;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options {@code bench} and every scenario share (workload, service process, fake LLM), declared once: a mixin of
 * {@link BenchArguments} and {@link ScenarioArguments}, which read each value checked through its accessor.
 */
final class SharedArguments {
    // Inside another mixin, the mixee is that mixin; its command line is still the command's, so errors name it.
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--other-multiplier", defaultValue = "5", paramLabel = "N",
            description = "rows of other apps per mission row")
    private int otherMultiplier;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "workload seed")
    private long seed;

    @Option(names = "--loaders", defaultValue = "2", paramLabel = "N",
            description = "connections loading the workload at once")
    private int loaders;

    @Option(names = "--service-heap", defaultValue = "256m", paramLabel = "SIZE",
            description = "-Xmx of each service process")
    private String serviceHeap;

    @Option(names = "--generation", defaultValue = "2", paramLabel = "1|2",
            description = "the generation of sync_changes to load and measure on: 1 (field_timestamps, mana-sync up to "
                    + "v0.3) or 2 (field_meta, a current mana-sync)")
    private int generation;

    @Option(names = "--concurrency", defaultValue = "64", paramLabel = "N",
            description = "MANA_AI_CONCURRENCY of each service process")
    private int concurrency;

    @Option(names = "--llm-latency-ms", defaultValue = "500", paramLabel = "MS",
            description = "latency L of the fake LLM's answers")
    private int llmLatencyMs;

    int otherMultiplier() {
        return check().atLeast("--other-multiplier", otherMultiplier, 0);
    }

    long seed() {
        return seed;
    }

    int loaders() {
        return check().atLeast("--loaders", loaders, 1);
    }

    String serviceHeap() {
        return check().heap("--service-heap", serviceHeap);
    }

    SyncGeneration generation() {
        return check().generation("--generation", generation);
    }

    int concurrency() {
        return check().atLeast("--concurrency", concurrency, 1);
    }

    Duration llmLatency() {
        return Duration.ofMillis(check().atLeast("--llm-latency-ms", llmLatencyMs, 0));
    }

    private OptionCheck check() {
        return new OptionCheck(command);
    }
}
