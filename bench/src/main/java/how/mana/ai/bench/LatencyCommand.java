package how.mana.ai.bench;

import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.Reply;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench latency} (issue 17): missions become due at a steady rate, as devices create them with "run now",
 * while a share of the LLM calls is slow; per design, how long each mission waited from due to written, for the
 * missions whose own call was quick and, apart, for the slow ones. Each design gets a service process of its own
 * on the same workload, one after the other, and the same sequence of quick and slow missions.
 */
@Command(name = "latency", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Due → written latency while some LLM calls are slow, today's design beside the new one "
                + "(BENCHMARKS.md, Latency).")
final class LatencyCommand implements Callable<Integer> {
    @Mixin
    private final ScenarioArguments shared = new ScenarioArguments("100000", "today,continuous");

    @Option(names = "--rate", defaultValue = "10", paramLabel = "RATE", description = "missions becoming due a second")
    private double rate;

    @Option(names = "--arrivals-seconds", defaultValue = "90", paramLabel = "S",
            description = "how long missions keep arriving")
    private int arrivalsSeconds;

    @Option(names = "--slow-fraction", defaultValue = "0.05", paramLabel = "F",
            description = "share of missions whose LLM call is slow (drawn by --seed)")
    private double slowFraction;

    @Option(names = "--slow-latency-ms", defaultValue = "30000", paramLabel = "MS",
            description = "latency of a slow LLM call")
    private int slowLatencyMs;

    @Option(names = "--drain-seconds", defaultValue = "300", paramLabel = "S",
            description = "after the last arrival, how long to wait for the missions still unwritten")
    private int drainSeconds;

    @Spec
    private CommandSpec command;

    /** The checked options of one latency run. */
    record Options(ScenarioOptions scenario, double rate, Duration arrivals, double slowFraction, Duration slowLatency,
                   Duration drain) {
        int missions() {
            return (int) Math.round(rate * arrivals.toMillis() / 1000.0);
        }
    }

    /** The figures of one design. */
    record DesignLatency(String design, LatencyFigures quick, LatencyFigures slow, boolean allWritten) {
    }

    Options options() {
        OptionCheck check = shared.check();
        return new Options(shared.options(), check.positive("--rate", rate),
                Duration.ofSeconds(check.atLeast("--arrivals-seconds", arrivalsSeconds, 1)),
                check.fraction("--slow-fraction", slowFraction),
                Duration.ofMillis(check.atLeast("--slow-latency-ms", slowLatencyMs, 0)),
                Duration.ofSeconds(check.atLeast("--drain-seconds", drainSeconds, 1)));
    }

    @Override
    public Integer call() throws Exception {
        Options options = options();
        Reply quick = Reply.oneStepPlan().after(options.scenario().llmLatency());
        Reply slow = Reply.oneStepPlan().after(options.slowLatency());
        List<DesignLatency> results = new ArrayList<>();
        try (Scenario scenario = Scenario.load(options.scenario());
             FakeLlm llm = FakeLlm.start(request -> request.userMessage().orElse("")
                     .contains(ScenarioMissions.SLOW_MARKER) ? slow : quick)) {
            for (Design design : options.scenario().designs()) {
                results.add(measure(scenario, llm, design, options));
            }
        }
        Scenario.report(command, markdown(options, results), results);
        return 0;
    }

    private static DesignLatency measure(Scenario scenario, FakeLlm llm, Design design, Options options)
            throws Exception {
        ScenarioMissions missions = new ScenarioMissions("bench-latency-" + design.label());
        boolean all;
        try (ServedService service = scenario.serve("latency-" + design.label(), design, llm.url(), Map.of())) {
            arrive(scenario, missions, options);
            all = scenario.awaitWritten(missions, options.drain());
            service.stop(Duration.ofSeconds(60));
        }
        List<MissionOutcome> outcomes = missions.outcomes(scenario.db().admin());
        return new DesignLatency(design.label(),
                LatencyFigures.sinceDue(outcomes.stream().filter(o -> !o.slow()).toList()),
                LatencyFigures.sinceDue(outcomes.stream().filter(MissionOutcome::slow).toList()), all);
    }

    /** Mission k becomes due at k / rate seconds; the same seed draws the same slow missions for every design. */
    private static void arrive(Scenario scenario, ScenarioMissions missions, Options options) throws Exception {
        SplittableRandom draw = new SplittableRandom(options.scenario().seed());
        long start = System.nanoTime();
        try (Connection c = scenario.db().admin().getConnection()) {
            for (int k = 0; k < options.missions(); k++) {
                long wait = start + (long) (k * 1e9 / options.rate()) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                missions.createDue(c, draw.nextDouble() < options.slowFraction());
            }
        }
    }

    static String markdown(Options options, List<DesignLatency> results) {
        ScenarioOptions s = options.scenario();
        long l = s.llmLatency().toMillis();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Latency: %d missions due at %.1f/s over %d s; %.0f %% of LLM calls take %d ms, the rest L = %d ms;"
                        + " MANA_AI_CONCURRENCY %d; workload %,d mission rows + %d× other rows, nothing else due;"
                        + " service heap -Xmx%s%n%n",
                options.missions(), options.rate(), options.arrivals().toSeconds(), options.slowFraction() * 100,
                options.slowLatency().toMillis(), l, s.concurrency(), s.missionRows(), s.otherMultiplier(),
                s.serviceHeap()));
        out.append("| design | quick calls: missions | p50 / p95 / p99 / max s | slow calls: missions"
                + " | p50 / p95 / p99 / max s | not written | written twice |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (DesignLatency r : results) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %d | %d |%n", r.design(),
                    r.quick().missions(), seconds(r.quick()), r.slow().missions(), seconds(r.slow()),
                    r.quick().notWritten() + r.slow().notWritten(),
                    r.quick().writtenMoreThanOnce() + r.slow().writtenMoreThanOnce()));
        }
        results.stream().filter(r -> r.design().equals(Design.CONTINUOUS.label())).findFirst().ifPresent(r -> {
            boolean p95 = r.quick().p95Ms() != null && r.quick().p95Ms() <= l + 2000;
            boolean max = r.quick().maxMs() != null && r.quick().notWritten() == 0 && r.quick().maxMs() <= l + 5000;
            out.append(String.format(Locale.ROOT, "%nTarget (continuous, quick calls): p95 ≤ L + 2 s = %.1f s %s;"
                    + " max ≤ L + 5 s = %.1f s %s.%n", (l + 2000) / 1000.0, p95 ? "met" : "NOT met",
                    (l + 5000) / 1000.0, max ? "met" : "NOT met"));
        });
        return out.toString();
    }

    private static String seconds(LatencyFigures f) {
        if (f.p50Ms() == null) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f / %.2f / %.2f / %.2f", f.p50Ms() / 1000, f.p95Ms() / 1000,
                f.p99Ms() / 1000, f.maxMs() / 1000);
    }
}
