package how.mana.ai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.db.MissionRowIndex;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./mana-ai bench [options]}: for each workload size, resets the scratch database
 * {@value ScratchDatabase#NAME}, loads a seeded workload, runs the service against it in a child JVM with the heap
 * limit under test and a fake LLM, and prints the figures as a Markdown table (and as JSON under
 * {@code bench-results/}). The entry point of the benchmark jar.
 */
@Command(name = "bench", sortOptions = false, sortSynopsis = false, showDefaultValues = true,
        subcommands = {PromptSizeCommand.class, LatencyCommand.class, CostAtRestCommand.class, FailoverCommand.class,
                TakeoverCommand.class},
        description = "Measures mana-ai on a generated workload in the scratch database " + ScratchDatabase.NAME
                + " (see BENCHMARKS.md).",
        footer = "Without --sizes one workload of --users users is measured.")
public final class BenchCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);

    @Mixin
    private BenchArguments arguments;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    private boolean help;

    @Spec
    private CommandSpec command;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line that runs the benchmark; {@code execute} returns the exit status: 0 done (or help printed),
     * 1 failed, 2 bad options (with the reason and the usage on stderr).
     */
    static CommandLine commandLine() {
        // A repeated option takes its last value, as it always did; designs are written in lower case.
        return new CommandLine(new BenchCommand()).setOverwrittenOptionsAllowed(true)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** The options given, checked; the workload is anchored at {@code anchor}. */
    BenchOptions options(Instant anchor) {
        return arguments.options(anchor);
    }

    @Override
    public Integer call() {
        BenchOptions options = options(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try {
            List<SizeResult> results = measure(options);
            System.out.println(BenchReport.markdown(options, results));
            Path file = Path.of("bench-results", "bench-" + options.workload().anchor().toString()
                    .replace(":", "") + ".json");
            Files.createDirectories(file.getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), Map.of(
                    "arguments", String.join(" ", command.commandLine().getParseResult().originalArgs()),
                    "anchor", options.workload().anchor().toString(),
                    "results", results));
            System.err.println("bench: figures written to " + file);
            return 0;
        } catch (Exception e) {
            log.atError().addKeyValue("error", e.toString()).setCause(e).log("benchmark failed");
            return 1;
        }
    }

    private static List<SizeResult> measure(BenchOptions options) throws Exception {
        List<SizeResult> results = new ArrayList<>();
        for (long size : options.sizes()) {
            // Anchored when its load starts, so that missions scheduled an hour or more ahead stay undue throughout.
            WorkloadSpec spec = options.workload().withMissionRows(size)
                    .withAnchor(Instant.now().truncatedTo(ChronoUnit.SECONDS));
            results.add(measureSize(options, spec));
        }
        return results;
    }

    private static SizeResult measureSize(BenchOptions options, WorkloadSpec spec) throws Exception {
        log.atInfo().addKeyValue("missionRows", spec.missionRows()).addKeyValue("otherRows", spec.otherRows())
                .addKeyValue("users", spec.users()).log("loading workload");
        Reply plan = Reply.oneStepPlan().after(options.llmLatency());
        try (ScratchDatabase db = ScratchDatabase.reset(
                ScratchDatabase.serverUrl(System.getenv()), options.loaders() + 1, options.generation());
             FakeLlm llm = FakeLlm.start(request -> plan)) {
            WorkloadGenerator.LoadTimes load = new WorkloadGenerator(db.admin(), spec, options.loaders()).load();
            if (!options.missionRowIndex()) {
                try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP INDEX " + MissionRowIndex.NAME);
                }
            }
            log.atInfo().addKeyValue("insertSeconds", load.insert().toMillis() / 1000.0)
                    .addKeyValue("indexSeconds", load.indexes().toMillis() / 1000.0).log("workload loaded");
            ProbeParams params = new ProbeParams(ProbeParams.Login.of(db.serviceUrl()),
                    ProbeParams.Login.of(db.adminUrl()), llm.url().toString(), options.llmLatency().toMillis(),
                    options.concurrency(), options.due(), options.repeat(), options.newRows(),
                    spec.otherMultiplier(), spec.missionRows());
            ProbeResult service = ServiceProcess.run(params, options.serviceHeap());
            return new SizeResult(spec.users(), spec.missions(), spec.missionRows(), spec.otherRows(),
                    load.insert().toMillis() / 1000.0, load.indexes().toMillis() / 1000.0, options.missionRowIndex(),
                    service, llm.requestCount(), llm.maxInFlight());
        }
    }
}
