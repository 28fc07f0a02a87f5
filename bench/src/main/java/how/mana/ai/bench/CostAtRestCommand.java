package how.mana.ai.bench;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.db.Database;
import how.mana.ai.testing.FakeLlm;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench cost-at-rest} (issue 17): what the service and PostgreSQL spend while nothing is due and devices keep
 * writing: mission edits that change nothing due (and the other apps' rows) arrive every 100 ms, and the CPU time of
 * the service's JVM and of its PostgreSQL backends is read from {@code /proc} over a window ({@link CpuWindow}).
 */
@Command(name = "cost-at-rest", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "CPU of the service and its PostgreSQL backends with nothing due while rows arrive "
                + "(BENCHMARKS.md, Cost at rest).")
final class CostAtRestCommand implements Callable<Integer> {
    private static final Duration WRITE_EVERY = Duration.ofMillis(100);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    @Mixin
    private final ScenarioArguments shared = new ScenarioArguments("1000000", "today,continuous");

    @Option(names = "--new-rows-per-second", defaultValue = "1000", paramLabel = "N",
            description = "mission rows arriving a second (edits that change nothing due), written every 100 ms,"
                    + " plus --other-multiplier× other-app rows")
    private int newRowsPerSecond;

    // A minute: the start's full fold leaves the JIT compiling and G1 collecting for about 30 s (BENCHMARKS.md).
    @Option(names = "--warmup-seconds", defaultValue = "60", paramLabel = "S",
            description = "rows arriving before the window opens")
    private int warmupSeconds;

    @Option(names = "--window-seconds", defaultValue = "60", paramLabel = "S",
            description = "the measured window; a multiple of TICK_INTERVAL_MS (60 s) charges each design alike")
    private int windowSeconds;

    @Spec
    private CommandSpec command;

    /** The checked options of one run. */
    record Options(ScenarioOptions scenario, int newRowsPerSecond, Duration warmup, Duration window) {
        /** Mission rows each write adds. */
        int missionRowsPerWrite() {
            return Math.max(1, Math.round(newRowsPerSecond * WRITE_EVERY.toMillis() / 1000f));
        }
    }

    /** One design's window. */
    record DesignCost(String design, double missionRowsPerSecond, CpuWindow.CpuFigures cpu) {
    }

    Options options() {
        OptionCheck check = shared.check();
        return new Options(shared.options(),
                check.atLeast("--new-rows-per-second", newRowsPerSecond, 10),
                Duration.ofSeconds(check.atLeast("--warmup-seconds", warmupSeconds, 0)),
                Duration.ofSeconds(check.atLeast("--window-seconds", windowSeconds, 5)));
    }

    @Override
    public Integer call() throws Exception {
        Options options = options();
        List<DesignCost> results = new ArrayList<>();
        try (Scenario scenario = Scenario.load(options.scenario()); FakeLlm llm = FakeLlm.planningEverything()) {
            for (Design design : options.scenario().designs()) {
                results.add(measure(scenario, llm, design, options));
            }
        }
        Scenario.report(command, markdown(options, results), results);
        return 0;
    }

    private static DesignCost measure(Scenario scenario, FakeLlm llm, Design design, Options options)
            throws Exception {
        AtomicLong missionRows = new AtomicLong();
        AtomicReference<SQLException> failure = new AtomicReference<>();
        int perWrite = options.missionRowsPerWrite();
        int otherPerWrite = perWrite * options.scenario().otherMultiplier();
        try (ServedService service = scenario.serve("cost-" + design.label(), design, llm.url(), Map.of());
             HikariDataSource devices = Database.pool("bench-devices", scenario.db().adminUrl(), 1, Duration.ZERO);
             ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor()) {
            WorkloadTraffic traffic = new WorkloadTraffic(devices);
            AtomicLong round = new AtomicLong();
            writer.scheduleAtFixedRate(() -> {
                try {
                    traffic.appendEdits(round.incrementAndGet(), perWrite, otherPerWrite);
                    missionRows.addAndGet(perWrite);
                } catch (SQLException e) {
                    failure.compareAndSet(null, e);
                }
            }, 0, WRITE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            Thread.sleep(options.warmup());
            long rowsBefore = missionRows.get();
            CpuWindow window = CpuWindow.open(service.pid(), scenario.db().admin(), Scenario.DATABASE,
                    scenario.db().serviceRole());
            long until = System.nanoTime() + options.window().toNanos();
            while (System.nanoTime() < until) {
                Thread.sleep(SAMPLE_EVERY);
                service.requireAlive();
                window.sample();
            }
            CpuWindow.CpuFigures cpu = window.close();
            long rows = missionRows.get() - rowsBefore;
            writer.shutdown();
            if (failure.get() != null) {
                throw failure.get();
            }
            service.stop(Duration.ofSeconds(60));
            return new DesignCost(design.label(), Math.round(rows / cpu.seconds()), cpu);
        }
    }

    static String markdown(Options options, List<DesignCost> results) {
        ScenarioOptions s = options.scenario();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Cost at rest: workload %,d mission rows + %d× other rows, nothing due; %d mission rows a second"
                        + " arriving (+ %d× other rows), every 100 ms; %d s warm-up, then a %d s window; service heap"
                        + " -Xmx%s%n%n", s.missionRows(), s.otherMultiplier(), options.newRowsPerSecond(),
                s.otherMultiplier(), options.warmup().toSeconds(), options.window().toSeconds(), s.serviceHeap()));
        out.append("| design | mission rows/s arrived | service JVM % | its PG backends % (n) | **total %**"
                + " | devices' writer % (excluded) | PG background % (server-wide, excluded) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (DesignCost r : results) {
            CpuWindow.CpuFigures c = r.cpu();
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f (%d) | **%.2f** | %.2f | %.2f |%n",
                    r.design(), r.missionRowsPerSecond(), c.servicePercent(), c.backendsPercent(), c.backends(),
                    c.totalPercent(), c.benchPercent(), c.backgroundPercent()));
        }
        results.stream().filter(r -> r.design().equals(Design.CONTINUOUS.label())).findFirst().ifPresent(r ->
                out.append(String.format(Locale.ROOT, "%nTarget (continuous): total ≤ 5 %% of one core: %s.%n",
                        r.cpu().totalPercent() <= 5 ? "met" : "NOT met")));
        return out.toString();
    }
}
