package how.mana.ai.bench;

import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.Reply;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench takeover} (issue 17): two replicas; replica A claims {@code --missions} due missions whose LLM calls
 * hang, then replica B starts; A is killed with SIGKILL, and the bench measures how long B takes to write those
 * missions, and that none is written twice. With {@code --pause}, a second round pauses A (SIGSTOP) instead, lets B
 * take over, then lets A's calls answer and continues A (SIGCONT): its late writes must not duplicate either.
 */
@Command(name = "takeover", mixinStandardHelpOptions = true, sortOptions = false, showDefaultValues = true,
        description = "Time for a replica to take over the missions of a killed one (BENCHMARKS.md, Takeover).")
final class TakeoverCommand implements Callable<Integer> {
    /** After the paused replica's calls have answered: time for its write-backs to run (and be refused). */
    private static final Duration LATE_WRITES = Duration.ofSeconds(5);
    /** Covers a first claim a whole tick interval (60 s) after the start, as in today's design. */
    private static final Duration CLAIMED = Duration.ofMinutes(3);

    @Mixin
    private final ScenarioArguments shared = new ScenarioArguments("100000", "continuous");

    @Option(names = "--missions", defaultValue = "20", paramLabel = "N",
            description = "due missions replica A holds when it is killed (at most --concurrency)")
    private int missions;

    @Option(names = "--deadline-seconds", defaultValue = "600", paramLabel = "S",
            description = "how long to wait for replica B to write them")
    private int deadlineSeconds;

    @Option(names = "--slot-lease-ms", defaultValue = "20000", paramLabel = "MS",
            description = "MANA_AI_SLOT_LEASE_MS of both replicas (the service's default): the baseline the takeover"
                    + " is compared with")
    private int slotLeaseMs;

    @Option(names = "--pause", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "also the round that pauses replica A instead of killing it")
    private boolean pause;

    @Spec
    private CommandSpec command;

    /** The checked options of one run. */
    record Options(ScenarioOptions scenario, int missions, Duration deadline, Duration slotLease, boolean pause) {
    }

    /**
     * One round: how replica A was stopped, how many of its missions were written while it stayed stopped (by B, the
     * only replica running), and the writes of A's missions from that moment (after a pause, A's own late ones too).
     */
    record Round(String design, String stop, long writtenWhileStopped, LatencyFigures written) {
    }

    Options options() {
        OptionCheck check = shared.check();
        ScenarioOptions scenario = shared.options();
        int held = check.atLeast("--missions", missions, 1);
        if (held > scenario.concurrency()) {
            throw check.invalid("--missions must be at most --concurrency (" + scenario.concurrency() + "), got "
                    + held);
        }
        return new Options(scenario, held, Duration.ofSeconds(check.atLeast("--deadline-seconds",
                deadlineSeconds, 1)), Duration.ofMillis(check.atLeast("--slot-lease-ms", slotLeaseMs, 1)), pause);
    }

    @Override
    public Integer call() throws Exception {
        Options options = options();
        List<Round> rounds = new ArrayList<>();
        try (Scenario scenario = Scenario.load(options.scenario())) {
            for (Design design : options.scenario().designs()) {
                rounds.add(round(scenario, design, options, false));
                if (options.pause()) {
                    rounds.add(round(scenario, design, options, true));
                }
            }
        }
        Scenario.report(command, markdown(options, rounds), rounds);
        return 0;
    }

    private static Round round(Scenario scenario, Design design, Options options, boolean pause) throws Exception {
        String stop = pause ? "paused" : "killed";
        String name = "takeover-" + design.label() + "-" + stop;
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger answered = new AtomicInteger();
        Reply quick = Reply.oneStepPlan().after(options.scenario().llmLatency());
        ScenarioMissions missions = new ScenarioMissions("bench-" + name);
        Map<String, String> lease = Map.of("MANA_AI_SLOT_LEASE_MS", Long.toString(options.slotLease().toMillis()));
        try (FakeLlm hanging = FakeLlm.start(request -> exchange -> {
                 release.await();
                 quick.send(exchange);
                 answered.incrementAndGet();
             });
             FakeLlm live = FakeLlm.start(request -> quick);
             ServedService a = scenario.serve(name + "-a", design, hanging.url(), lease)) {
            try (Connection c = scenario.db().admin().getConnection()) {
                for (int k = 0; k < options.missions(); k++) {
                    missions.createDue(c, false);
                }
            }
            Scenario.await("replica A to call the LLM for every mission", CLAIMED,
                    () -> hanging.requestCount() >= options.missions());
            try (ServedService b = scenario.serve(name + "-b", design, live.url(), lease)) {
                if (pause) {
                    a.signal("STOP");
                } else {
                    a.kill();
                }
                Instant stopped = Instant.now();
                scenario.awaitWritten(missions, options.deadline());
                long byB = missions.written(scenario.db().admin());
                if (pause) {
                    release.countDown();
                    a.signal("CONT");
                    Scenario.await("replica A's calls to answer", CLAIMED,
                            () -> answered.get() >= options.missions());
                    Thread.sleep(LATE_WRITES);
                }
                LatencyFigures written = LatencyFigures.since(stopped, missions.outcomes(scenario.db().admin()));
                b.stop(Duration.ofSeconds(60));
                return new Round(design.label(), stop, byB, written);
            } finally {
                release.countDown();
            }
        }
    }

    static String markdown(Options options, List<Round> rounds) {
        ScenarioOptions s = options.scenario();
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "Takeover: replica A holds %d due missions whose LLM calls hang; replica B (L = %d ms) starts, then A"
                        + " is stopped; workload %,d mission rows; MANA_AI_SLOT_LEASE_MS %d (the baseline), the rest"
                        + " at their defaults%n%n", options.missions(), s.llmLatency().toMillis(), s.missionRows(),
                options.slotLease().toMillis()));
        out.append("| design | replica A | written while A was stopped | first written after s | last after s"
                + " | last / lease | not written | written twice |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Round r : rounds) {
            LatencyFigures w = r.written();
            out.append(String.format(Locale.ROOT, "| %s | %s | %d of %d | %s | %s | %s | %d | %d |%n", r.design(),
                    r.stop(), r.writtenWhileStopped(), w.missions(),
                    w.minMs() == null ? "–" : String.format(Locale.ROOT, "%.2f", w.minMs() / 1000),
                    w.maxMs() == null ? "–" : String.format(Locale.ROOT, "%.2f", w.maxMs() / 1000),
                    w.maxMs() == null ? "–" : String.format(Locale.ROOT, "%.2f×",
                            w.maxMs() / options.slotLease().toMillis()),
                    w.notWritten(), w.writtenMoreThanOnce()));
        }
        rounds.stream().filter(r -> r.design().equals(Design.CONTINUOUS.label()) && r.stop().equals("killed"))
                .findFirst().ifPresent(r -> out.append(String.format(Locale.ROOT,
                        "%nTarget (continuous): a killed replica's missions written within 30 s, none twice: %s.%n",
                        r.written().notWritten() == 0 && r.written().maxMs() <= 30_000
                                && r.written().writtenMoreThanOnce() == 0 ? "met" : "NOT met")));
        rounds.stream().filter(r -> r.stop().equals("paused")).forEach(r -> out.append(String.format(Locale.ROOT,
                "%nPaused round (%s): %d of %d written while A was paused; written twice after it went on: %d.%n",
                r.design(), r.writtenWhileStopped(), r.written().missions(), r.written().writtenMoreThanOnce())));
        return out.toString();
    }
}
