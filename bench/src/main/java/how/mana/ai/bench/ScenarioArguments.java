package how.mana.ai.bench;

import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every scenario of issue 17 shares (workload, service, fake LLM), checked into {@link ScenarioOptions}
 * by {@link #options}. A mixin of each scenario command, which adds its own.
 */
final class ScenarioArguments {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--other-multiplier", defaultValue = "5", paramLabel = "N",
            description = "rows of other apps per mission row, loaded and (cost at rest) arriving")
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
            description = "the generation of sync_changes")
    private int generation;

    @Option(names = "--concurrency", defaultValue = "64", paramLabel = "N",
            description = "MANA_AI_CONCURRENCY of each service process")
    private int concurrency;

    @Option(names = "--llm-latency-ms", defaultValue = "500", paramLabel = "MS",
            description = "latency L of the fake LLM's answers")
    private int llmLatencyMs;

    /** The shared options with the scenario's own {@code size} (mission rows) and {@code designs}. */
    ScenarioOptions options(long size, List<Design> designs) {
        OptionCheck check = new OptionCheck(command);
        if (size < 1) {
            throw check.invalid("--size must be a positive mission-row count, got " + size);
        }
        if (designs == null || designs.isEmpty()) {
            throw check.invalid("--designs must name today, continuous or both");
        }
        return new ScenarioOptions(size, check.atLeast("--other-multiplier", otherMultiplier, 0), seed,
                check.atLeast("--loaders", loaders, 1), check.heap("--service-heap", serviceHeap),
                check.generation("--generation", generation), check.atLeast("--concurrency", concurrency, 1),
                Duration.ofMillis(check.atLeast("--llm-latency-ms", llmLatencyMs, 0)), List.copyOf(designs));
    }

    OptionCheck check() {
        return new OptionCheck(command);
    }
}
