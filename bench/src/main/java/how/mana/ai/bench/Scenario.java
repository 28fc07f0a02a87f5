package how.mana.ai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One run of a scenario of issue 17: the scratch database {@value #DATABASE} reset and loaded with a seeded workload
 * in which nothing is due, and the service started on it as production starts it ({@link ServedService}).
 */
final class Scenario implements AutoCloseable {
    /** Apart from {@code bench}'s own database and role, so both can run on one server. */
    static final String DATABASE = "mana_ai_bench_loop";
    static final String ROLE = "mana_ai_bench_loop_svc";
    private static final Logger log = LoggerFactory.getLogger(Scenario.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(100);

    private final ScenarioOptions options;
    private final ScratchDatabase db;

    private Scenario(ScenarioOptions options, ScratchDatabase db) {
        this.options = options;
        this.db = db;
    }

    /** Resets {@value #DATABASE} and loads the workload of {@code options}, with no mission due. */
    static Scenario load(ScenarioOptions options) throws Exception {
        WorkloadSpec spec = new WorkloadSpec(options.seed(), 1, 10, 10, 0.0, options.otherMultiplier(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS)).withMissionRows(options.missionRows());
        log.atInfo().addKeyValue("missionRows", spec.missionRows()).addKeyValue("otherRows", spec.otherRows())
                .log("loading workload");
        ScratchDatabase db = ScratchDatabase.reset(ScratchDatabase.serverUrl(System.getenv()), DATABASE, ROLE,
                options.loaders() + 2, options.generation());
        try {
            WorkloadGenerator.LoadTimes times = new WorkloadGenerator(db.admin(), spec, options.loaders()).load();
            log.atInfo().addKeyValue("insertSeconds", times.insert().toMillis() / 1000.0)
                    .addKeyValue("indexSeconds", times.indexes().toMillis() / 1000.0).log("workload loaded");
            return new Scenario(options, db);
        } catch (Exception | Error e) {
            db.close();
            throw e;
        }
    }

    ScenarioOptions options() {
        return options;
    }

    ScratchDatabase db() {
        return db;
    }

    /** The environment of a service process of {@code design} asking {@code llm}, plus {@code extra}. */
    Map<String, String> environment(Design design, URI llm, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(ServiceEnvironment.of(ProbeParams.Login.of(db.serviceUrl()),
                llm.toString(), options.concurrency()));
        env.putAll(design.variables());
        env.putAll(extra);
        return env;
    }

    /**
     * Starts a service process of {@code design} and waits until it is ready and the projection holds every mission
     * row (on a fresh database, its first refresh folds them all).
     */
    ServedService serve(String name, Design design, URI llm, Map<String, String> extra) throws Exception {
        ServedService service = ServedService.start(name, environment(design, llm, extra), options.serviceHeap());
        try {
            service.awaitReady(READY);
            await("the projection of " + name + " to be folded", READY, () -> {
                service.requireAlive();
                return isFolded();
            });
            return service;
        } catch (Exception | Error e) {
            service.close();
            throw e;
        }
    }

    /** Whether the missions' projection has a watermark: folded, and not emptied since. */
    boolean isFolded() {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM mana_ai.projection_cursor WHERE kind = 'mission'")) {
            rs.next();
            return rs.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException("reading the projection cursor failed", e);
        }
    }

    /** Polls {@code done} until it holds; an {@link IllegalStateException} after {@code limit}. */
    static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + limit);
            }
            Thread.sleep(POLL);
        }
    }

    /** Polls until every mission of {@code missions} is written, or {@code limit} passed; true when all were. */
    boolean awaitWritten(ScenarioMissions missions, Duration limit) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (missions.written(db.admin()) < missions.count()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            Thread.sleep(POLL.multipliedBy(5));
        }
        return true;
    }

    /**
     * Prints {@code markdown} on stdout and writes {@code figures} as JSON, with the command line they were measured
     * with, to {@code bench-results/<command>-<time>.json}.
     */
    static void report(CommandSpec command, String markdown, Object figures) throws IOException {
        System.out.println(markdown);
        Path file = Path.of("bench-results", command.name() + "-"
                + Instant.now().truncatedTo(ChronoUnit.SECONDS).toString().replace(":", "") + ".json");
        Files.createDirectories(file.getParent());
        String arguments = String.join(" ", command.commandLine().getParseResult().originalArgs());
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), Map.of("arguments", arguments,
                "figures", figures));
        System.err.println("bench: figures written to " + file);
    }

    @Override
    public void close() {
        db.close();
    }
}
