package how.mana.ai.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code bench} command line as picocli reads it (names, defaults and help texts as BENCHMARKS.md lists them),
 * checked into {@link BenchOptions} by {@link #options}. A mixin of {@link BenchCommand}.
 */
final class BenchArguments {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--users", defaultValue = "10000", paramLabel = "N",
            description = "users (ignored when --sizes is given)")
    private int users;

    @Option(names = "--missions-per-user", defaultValue = "10", paramLabel = "N",
            description = "missions per user")
    private int missionsPerUser;

    @Option(names = "--rows-per-mission", defaultValue = "10", paramLabel = "N",
            description = "change rows per mission: one insert, updates, the last one sometimes a delete")
    private int rowsPerMission;

    @Option(names = "--other-multiplier", defaultValue = "5", paramLabel = "N",
            description = "rows of other apps per mission row")
    private int otherMultiplier;

    @Option(names = "--due-fraction", defaultValue = "0.01", paramLabel = "F",
            description = "share of active missions the workload makes due")
    private double dueFraction;

    @Option(names = "--sizes", split = ",", converter = MissionRowCount.class, paramLabel = "ROWS",
            description = "mission-row counts to measure, each setting the users to size / (missions-per-user × "
                    + "rows-per-mission); default: one size, users × missions-per-user × rows-per-mission")
    private List<Long> sizes;

    @Option(names = "--llm-latency-ms", defaultValue = "500", paramLabel = "MS",
            description = "latency of the fake LLM")
    private int llmLatencyMs;

    @Option(names = "--concurrency", defaultValue = "64", paramLabel = "N",
            description = "MANA_AI_CONCURRENCY of the service")
    private int concurrency;

    @Option(names = "--due", defaultValue = "1000", paramLabel = "N",
            description = "missions made due for the measured planning tick")
    private int due;

    @Option(names = "--repeat", defaultValue = "20", paramLabel = "N",
            description = "measured repetitions (after 2 warm-ups) of the repeated phases")
    private int repeat;

    @Option(names = "--new-rows", defaultValue = "1000", paramLabel = "N",
            description = "mission rows arriving between two steady-state ticks (plus --other-multiplier× other rows)")
    private int newRows;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N", description = "workload seed")
    private long seed;

    @Option(names = "--loaders", defaultValue = "2", paramLabel = "N",
            description = "connections loading the workload at once")
    private int loaders;

    @Option(names = "--service-heap", defaultValue = "256m", paramLabel = "SIZE",
            description = "-Xmx of the measured service process")
    private String serviceHeap;

    @Option(names = "--generation", defaultValue = "2", paramLabel = "1|2",
            description = "the generation of sync_changes to load and measure on: 1 (field_timestamps, mana-sync up to "
                    + "v0.3) or 2 (field_meta, a current mana-sync)")
    private int generation;

    @Option(names = "--mission-row-index", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "keep the index migrate adds to sync_changes for the refresh's read; false drops it after "
                    + "the load, to measure without")
    private boolean missionRowIndex;

    /**
     * @param anchor the instant the workload is generated at (now, for a real run)
     * @throws picocli.CommandLine.ParameterException naming the option at fault
     */
    BenchOptions options(Instant anchor) {
        OptionCheck check = new OptionCheck(command);
        WorkloadSpec workload = new WorkloadSpec(seed,
                check.atLeast("--users", users, 1),
                check.atLeast("--missions-per-user", missionsPerUser, 1),
                check.atLeast("--rows-per-mission", rowsPerMission, 1),
                check.fraction("--due-fraction", dueFraction),
                check.atLeast("--other-multiplier", otherMultiplier, 0),
                anchor);
        return new BenchOptions(workload,
                sizes == null ? List.of(workload.missionRows()) : sizes.stream().sorted().toList(),
                Duration.ofMillis(check.atLeast("--llm-latency-ms", llmLatencyMs, 0)),
                check.atLeast("--concurrency", concurrency, 1),
                check.atLeast("--due", due, 0),
                check.atLeast("--repeat", repeat, 1),
                check.atLeast("--new-rows", newRows, 1),
                check.atLeast("--loaders", loaders, 1),
                check.heap("--service-heap", serviceHeap),
                missionRowIndex,
                check.generation("--generation", generation));
    }

    /** One of {@code --sizes}: a positive count, digits optionally grouped with underscores (1_000_000). */
    static final class MissionRowCount implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                long count = Long.parseLong(value.trim().replace("_", ""));
                if (count >= 1) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new TypeConversionException("not a positive mission-row count: " + value);
        }
    }
}
