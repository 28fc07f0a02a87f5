package how.mana.ai.bench;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every scenario of issue 17 shares: {@link SharedArguments} and the workload's {@code --size} and
 * {@code --designs}, whose defaults each scenario gives when it creates this mixin. Checked into
 * {@link ScenarioOptions} by {@link #options}. A mixin of each scenario command, which adds its own.
 */
final class ScenarioArguments {
    private final Map<String, String> defaults;

    private CommandSpec command;

    @Mixin
    private SharedArguments shared;

    @Option(names = "--size", converter = BenchArguments.MissionRowCount.class, paramLabel = "ROWS",
            description = "mission rows of the loaded workload (nothing of it due)")
    private long size;

    @Option(names = "--designs", split = ",", paramLabel = "DESIGN",
            description = "designs to measure, in this order: today (MANA_AI_POLL_INTERVAL_MS=0), continuous")
    private List<Design> designs;

    /**
     * @param size    the default of {@code --size}, as it would be typed
     * @param designs the default of {@code --designs}, as it would be typed
     */
    ScenarioArguments(String size, String designs) {
        this.defaults = Map.of("--size", size, "--designs", designs);
    }

    /**
     * An annotation's default is one for every scenario, so the scenario's own defaults of {@code --size} and
     * {@code --designs} come from the command's default provider: picocli converts them like typed values and shows
     * them in the help as it does an annotation's. The command's other options keep their annotations' defaults.
     */
    @Spec(Spec.Target.MIXEE)
    void mixee(CommandSpec mixee) {
        command = mixee;
        mixee.defaultValueProvider(arg -> arg instanceof OptionSpec option ? defaults.get(option.longestName()) : null);
    }

    /** The shared options, checked. */
    ScenarioOptions options() {
        OptionCheck check = check();
        if (size < 1) {
            throw check.invalid("--size must be a positive mission-row count, got " + size);
        }
        if (designs == null || designs.isEmpty()) {
            throw check.invalid("--designs must name today, continuous or both");
        }
        return new ScenarioOptions(size, shared.otherMultiplier(), shared.seed(), shared.loaders(),
                shared.serviceHeap(), shared.generation(), shared.concurrency(), shared.llmLatency(),
                List.copyOf(designs));
    }

    OptionCheck check() {
        return new OptionCheck(command);
    }
}
