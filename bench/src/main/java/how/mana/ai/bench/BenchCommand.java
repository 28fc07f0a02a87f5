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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar mana-ai.jar bench [options]}: for each workload size, resets the scratch database
 * {@value ScratchDatabase#NAME}, loads a seeded workload, runs the service against it in a child JVM with the heap
 * limit under test and a fake LLM, and prints the figures as a Markdown table (and as JSON under
 * {@code bench-results/}).
 */
public final class BenchCommand {
    private static final Logger log = LoggerFactory.getLogger(BenchCommand.class);
    private BenchCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** @return the process exit status: 0 done, 1 failed, 2 bad options */
    public static int run(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        } catch (IllegalArgumentException e) {
            System.err.println("bench: " + e.getMessage());
            System.err.println(BenchOptions.USAGE);
            return 2;
        }
        try {
            List<SizeResult> results = measure(options);
            System.out.println(BenchReport.markdown(options, results));
            Path file = Path.of("bench-results", "bench-" + options.workload().anchor().toString()
                    .replace(":", "") + ".json");
            Files.createDirectories(file.getParent());
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), Map.of(
                    "arguments", String.join(" ", args), "anchor", options.workload().anchor().toString(),
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
        Reply plan = Reply.answer(FakeLlm.ONE_STEP_PLAN).after(options.llmLatency());
        try (ScratchDatabase db = ScratchDatabase.reset(
                ScratchDatabase.serverUrl(System.getenv()), options.loaders() + 1);
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
