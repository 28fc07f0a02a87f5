package how.mana.ai.bench;

import java.time.Instant;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The {@code bench} command line as picocli reads it (names, defaults and help texts as BENCHMARKS.md lists them),
 * checked into {@link BenchOptions} by {@link #options}. A mixin of {@link BenchCommand}; the options it shares with
 * the scenarios are {@link SharedArguments}.
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

    @Option(names = "--due-fraction", defaultValue = "0.01", paramLabel = "F",
            description = "share of active missions the workload makes due")
    private double dueFraction;

    @Option(names = "--sizes", split = ",", converter = MissionRowCount.class, paramLabel = "ROWS",
            description = "mission-row counts to measure, each setting the users to size / (missions-per-user × "
                    + "rows-per-mission); default: one size, users × missions-per-user × rows-per-mission")
    private List<Long> sizes;

    @Option(names = "--due", defaultValue = "1000", paramLabel = "N",
            description = "missions made due for the measured planning tick")
    private int due;

    @Option(names = "--repeat", defaultValue = "20", paramLabel = "N",
            description = "measured repetitions (after 2 warm-ups) of the repeated phases")
    private int repeat;

    @Option(names = "--new-rows", defaultValue = "1000", paramLabel = "N",
            description = "mission rows arriving between two steady-state ticks (plus --other-multiplier× other rows)")
    private int newRows;

    @Mixin
    private SharedArguments shared;

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
        WorkloadSpec workload = new WorkloadSpec(shared.seed(),
                check.atLeast("--users", users, 1),
                check.atLeast("--missions-per-user", missionsPerUser, 1),
                check.atLeast("--rows-per-mission", rowsPerMission, 1),
                check.fraction("--due-fraction", dueFraction),
                shared.otherMultiplier(),
                anchor);
        return new BenchOptions(workload,
                sizes == null ? List.of(workload.missionRows()) : sizes.stream().sorted().toList(),
                shared.llmLatency(),
                shared.concurrency(),
                check.atLeast("--due", due, 0),
                check.atLeast("--repeat", repeat, 1),
                check.atLeast("--new-rows", newRows, 1),
                shared.loaders(),
                shared.serviceHeap(),
                missionRowIndex,
                shared.generation());
    }

    /**
     * One of {@code --sizes}, or a scenario's {@code --size}: a positive count, digits optionally grouped with
     * underscores (1_000_000).
     */
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
