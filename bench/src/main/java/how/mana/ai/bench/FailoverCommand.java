package how.mana.ai.bench;

import how.mana.ai.Main;
import how.mana.ai.testing.FakeLlm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench failover} (issue 17): the projection emptied as a PostgreSQL crash or a promoted standby leaves it,
 * with missions due, and the time until the first and the last of them is written.
 *
 * <p>The crash is simulated without restarting the server (other work shares it): one transaction truncates every
 * unlogged table of the {@code mana_ai} schema — what crash recovery resets to empty, the projection cursors
 * included (V5, V10) — makes {@code --due} missions due and terminates the service's backends, as the crash
 * would have; the logged tables ({@code run_slots} and the rest) keep their rows, as they would. The baseline is
 * {@code rebuild-snapshots} on the same workload, timed as a process of its own: a full fold, which is what the
 * projection needs after a crash.
 */
@Command(name = "failover", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Time from an emptied projection (a PostgreSQL crash) to the due missions written "
                + "(BENCHMARKS.md, Failover).")
final class FailoverCommand implements Callable<Integer> {
    private static final String UNLOGGED = """
            SELECT format('%I.%I', n.nspname, c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'mana_ai' AND c.relkind = 'r' AND c.relpersistence = 'u'
             ORDER BY 1""";

    private static final String DEADLOCK = "40P01";
    private static final int TRUNCATE_ATTEMPTS = 5;

    @Mixin
    private final ScenarioArguments shared = new ScenarioArguments("1000000", "today,continuous");

    @Option(names = "--due", defaultValue = "100", paramLabel = "N", description = "missions due at the crash")
    private int due;

    @Option(names = "--deadline-seconds", defaultValue = "300", paramLabel = "S",
            description = "how long to wait for the due missions after the crash")
    private int deadlineSeconds;

    @Spec
    private CommandSpec command;

    /** The checked options of one run. */
    record Options(ScenarioOptions scenario, int due, Duration deadline) {
    }

    /**
     * One design's crash: when the projection had its watermark again (the refold done) and when the due missions
     * were written, all from the crash.
     */
    record DesignFailover(String design, Double refoldedAfterMs, LatencyFigures written, List<String> truncated) {
    }

    /** The figures of a run: the baseline, then each design. */
    record Figures(double rebuildMs, List<DesignFailover> designs) {
    }

    Options options() {
        OptionCheck check = shared.check();
        return new Options(shared.options(), check.atLeast("--due", due, 1),
                Duration.ofSeconds(check.atLeast("--deadline-seconds", deadlineSeconds, 1)));
    }

    @Override
    public Integer call() throws Exception {
        Options options = options();
        Figures figures;
        try (Scenario scenario = Scenario.load(options.scenario()); FakeLlm llm = FakeLlm.planningEverything()) {
            double rebuildMs = rebuild(scenario, llm);
            List<DesignFailover> results = new ArrayList<>();
            for (Design design : options.scenario().designs()) {
                results.add(measure(scenario, llm, design, options));
            }
            figures = new Figures(rebuildMs, results);
        }
        Scenario.report(command, markdown(options, figures), figures);
        return 0;
    }

    /** The baseline: {@code rebuild-snapshots} as an operator runs it, JVM start included, in milliseconds. */
    private static double rebuild(Scenario scenario, FakeLlm llm) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(ServiceProcess.javaCommand(scenario.options().serviceHeap(),
                Main.class.getName(), "rebuild-snapshots"));
        builder.environment().clear();
        builder.environment().putAll(scenario.environment(Design.CONTINUOUS, llm.url(), Map.of()));
        Path log = Path.of("bench-results", "failover-rebuild.log");
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        long t0 = System.nanoTime();
        int exit = builder.start().waitFor();
        double ms = (System.nanoTime() - t0) / 1e6;
        if (exit != 0) {
            throw new IllegalStateException("rebuild-snapshots exited with " + exit + " (log: " + log + ")");
        }
        return Math.round(ms);
    }

    private static DesignFailover measure(Scenario scenario, FakeLlm llm, Design design, Options options)
            throws Exception {
        ScenarioMissions missions = new ScenarioMissions("bench-failover-" + design.label());
        try (ServedService service = scenario.serve("failover-" + design.label(), design, llm.url(), Map.of())) {
            List<String> truncated = unloggedTables(scenario);
            Instant crash = crash(scenario, missions, options.due(), truncated);
            Optional<Instant> refolded = Optional.empty();
            Instant deadline = crash.plus(options.deadline());
            while (Instant.now().isBefore(deadline)) {
                if (refolded.isEmpty() && scenario.isFolded()) {
                    refolded = Optional.of(Instant.now());
                }
                if (missions.written(scenario.db().admin()) == missions.count()) {
                    break;
                }
                service.requireAlive();
                Thread.sleep(100);
            }
            service.stop(Duration.ofSeconds(60));
            return new DesignFailover(design.label(),
                    refolded.map(at -> (double) Duration.between(crash, at).toMillis()).orElse(null),
                    LatencyFigures.since(crash, missions.outcomes(scenario.db().admin())), truncated);
        }
    }

    private static List<String> unloggedTables(Scenario scenario) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection c = scenario.db().admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(UNLOGGED)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        if (tables.isEmpty()) {
            throw new IllegalStateException("the mana_ai schema has no unlogged table: nothing a crash would empty");
        }
        return tables;
    }

    /**
     * In one transaction: empties {@code tables}, makes {@code due} missions due and terminates the service's
     * backends. Returns the instant it committed: the crash.
     */
    private static Instant crash(Scenario scenario, ScenarioMissions missions, int due, List<String> tables)
            throws SQLException {
        try (Connection c = scenario.db().admin().getConnection()) {
            c.setAutoCommit(false);
            truncate(c, tables);
            for (int k = 0; k < due; k++) {
                missions.createDue(c, false);
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = ? AND usename = ?")) {
                ps.setString(1, Scenario.DATABASE);
                ps.setString(2, scenario.db().serviceRole());
                ps.executeQuery().close();
            }
            c.commit();
            Instant crash = Instant.now();
            c.setAutoCommit(true);
            return crash;
        }
    }

    /**
     * TRUNCATE locks its tables one after another, so it can deadlock with a refresh of the running service that
     * holds one of them and waits for another; PostgreSQL then aborts one side. Nothing else has been done in the
     * transaction yet, so it is simply tried again.
     */
    private static void truncate(Connection c, List<String> tables) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE " + String.join(", ", tables));
                return;
            } catch (SQLException e) {
                c.rollback();
                if (!DEADLOCK.equals(e.getSQLState()) || attempt == TRUNCATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    static String markdown(Options options, Figures figures) {
        ScenarioOptions s = options.scenario();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Failover: workload %,d mission rows + %d× other rows; %d missions due at the crash; L = %d ms,"
                        + " MANA_AI_CONCURRENCY %d; baseline rebuild-snapshots (a full fold, JVM start included):"
                        + " %.1f s%n%n", s.missionRows(), s.otherMultiplier(), options.due(),
                s.llmLatency().toMillis(), s.concurrency(), figures.rebuildMs() / 1000));
        out.append("| design | projection refolded after s | first written after s | last written after s"
                + " | last / rebuild | not written | written twice |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (DesignFailover r : figures.designs()) {
            LatencyFigures w = r.written();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d |%n", r.design(),
                    seconds(r.refoldedAfterMs()), seconds(w.minMs()), seconds(w.maxMs()),
                    w.maxMs() == null ? "–" : String.format(Locale.ROOT, "%.2f×", w.maxMs() / figures.rebuildMs()),
                    w.notWritten(), w.writtenMoreThanOnce()));
        }
        figures.designs().stream().filter(r -> r.design().equals(Design.CONTINUOUS.label())).findFirst()
                .ifPresent(r -> out.append(String.format(Locale.ROOT,
                        "%nTarget (continuous): every due mission written within 30 s of the crash: %s.%n",
                        r.written().notWritten() == 0 && r.written().maxMs() <= 30_000 ? "met" : "NOT met")));
        out.append("\nEmptied: ").append(figures.designs().isEmpty() ? "–"
                : String.join(", ", figures.designs().getFirst().truncated())).append('\n');
        return out.toString();
    }

    private static String seconds(Double ms) {
        return ms == null ? "–" : String.format(Locale.ROOT, "%.2f", ms / 1000);
    }
}
