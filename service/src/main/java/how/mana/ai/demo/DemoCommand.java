package how.mana.ai.demo;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.config.ConfigException;
import how.mana.ai.config.DatabaseUrl;
import how.mana.ai.config.Logging;
import how.mana.ai.config.PlannerConfig;
import how.mana.ai.db.Database;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.tick.FailureReason;
import how.mana.ai.tick.TickOutcome;
import how.mana.ai.tick.TickRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code demo [--serve]}: resets the database {@code mana_ai_demo} on the local PostgreSQL, seeds missions for two
 * users, runs one real tick of the service (connected as a least-privileged role, reaching the planner over HTTP)
 * and prints what it wrote. The planner is the built-in {@link OfflinePlanner} unless {@code MANA_LLM_URL} is set.
 * With {@code --serve} the service then keeps running on the demo data.
 *
 * <p>Exit 0 on success; 1 when PostgreSQL cannot be reached or the tick failed; 2 for bad arguments or
 * configuration. With {@code --serve} nothing is returned while the service runs (as {@code serve}).
 */
public final class DemoCommand {
    static final String USAGE = "usage: mana-ai demo [--serve]";
    private static final String DEMO_POOL_SIZE = "4";

    private DemoCommand() {
    }

    /** Runs the demo on {@code mana_ai_demo} with the role {@code mana_ai_demo_service}. */
    public static OptionalInt run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        return run(args, env, out, err, DemoDatabase.DEFAULT_NAME, DemoDatabase.DEFAULT_SERVICE_ROLE);
    }

    /** As {@link #run(String[], Map, PrintStream, PrintStream)} on a database and role of the caller's naming. */
    public static OptionalInt run(String[] args, Map<String, String> env, PrintStream out, PrintStream err,
                                  String databaseName, String serviceRole) {
        boolean serve = args.length == 1 && args[0].equals("--serve");
        if (args.length > 0 && !serve) {
            err.println(USAGE);
            return OptionalInt.of(2);
        }
        try {
            // Before the first logger exists: the report is the output; logs only when something is wrong.
            Logging.from(env, Logging.Level.WARN).install();
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return OptionalInt.of(2);
        }
        DatabaseUrl serverAdmin;
        try {
            serverAdmin = DemoDatabase.serverAdminUrl(env);
        } catch (IllegalArgumentException e) {
            err.println(DemoDatabase.URL_VARIABLE + " is not a PostgreSQL URL: " + e.getMessage());
            return OptionalInt.of(2);
        }
        DemoDatabase database;
        try {
            // What a new installation gets: a current mana-sync's table.
            database = DemoDatabase.reset(serverAdmin, databaseName, serviceRole, SyncGeneration.TWO);
        } catch (SQLException | RuntimeException e) {
            err.println(e instanceof SQLException sql && unreachable(sql) ? "demo: cannot reach PostgreSQL at " + serverAdmin + " (" + e.getMessage()
                    + "); start it (e.g. `sudo service postgresql start`) or point " + DemoDatabase.URL_VARIABLE
                    + " at an administrator URL" : "demo: cannot set up the demo database: " + FailureReason.of(e));
            return OptionalInt.of(1);
        }
        Clock clock = Clock.systemUTC();
        // The demo's own grant key, made for this run: mana-auth would hold its public half.
        KeyPair grantKey = GrantIssuer.newServerKeyPair();
        try (HikariDataSource admin = Database.pool("demo-admin", database.adminUrl(), 2, Duration.ZERO)) {
            DemoData.seed(admin, clock.instant(), grantKey.getPublic());
        } catch (SQLException e) {
            err.println("demo: cannot seed the demo database: " + FailureReason.of(e));
            return OptionalInt.of(1);
        }
        String grantKeyPem = GrantIssuer.privateKeyPem(grantKey.getPrivate());
        ResearchChoice research;
        try {
            research = research(env, clock);
        } catch (IOException e) {
            err.println("demo: cannot start the news-research stand-in: " + e.getMessage());
            return OptionalInt.of(1);
        }
        return withPlanner(env, clock, err,
                planner -> runTick(env, database, grantKeyPem, planner, research, serve, out, err));
    }

    /** Where shallow research goes: the demo's stand-in, or the API of {@code MANA_API_URL}. */
    private record ResearchChoice(Optional<NewsResearchStandIn> standIn, String url, String description) {
    }

    private static ResearchChoice research(Map<String, String> env, Clock clock) throws IOException {
        String configured = env.get("MANA_API_URL");
        if (configured != null && !configured.isBlank()) {
            return new ResearchChoice(Optional.empty(), configured, "the news-research API at MANA_API_URL " + configured);
        }
        NewsResearchStandIn standIn = NewsResearchStandIn.start(clock);
        return new ResearchChoice(Optional.of(standIn), standIn.url().toString(), "news-research stand-in at "
                + standIn.url() + " (the same three solar-power articles for every query; set MANA_API_URL to use"
                + " the real API)");
    }

    /** What the demo is planning with: the offline stand-in it started, or the model of {@code MANA_LLM_URL}. */
    private record PlannerChoice(Optional<OfflinePlanner> offline, String llmUrl, String description) {
    }

    private interface WithPlanner {
        OptionalInt run(PlannerChoice planner);
    }

    private static OptionalInt withPlanner(Map<String, String> env, Clock clock, PrintStream err, WithPlanner body) {
        String configured = env.get("MANA_LLM_URL");
        if (configured != null && !configured.isBlank()) {
            return body.run(new PlannerChoice(Optional.empty(), configured,
                    "the model at MANA_LLM_URL " + configured + " (" + env.getOrDefault("MANA_LLM_MODEL", "mana/reasoning")
                            + ")"));
        }
        OfflinePlanner offline;
        try {
            offline = OfflinePlanner.start(clock);
        } catch (IOException e) {
            err.println("demo: cannot start the offline planner: " + e.getMessage());
            return OptionalInt.of(1);
        }
        return body.run(new PlannerChoice(Optional.of(offline), offline.url().toString(),
                "offline stand-in for a real model at " + offline.url() + " (model \"" + OfflinePlanner.MODEL
                        + "\": deterministic plans from the mission text; set MANA_LLM_URL to use a real model)"));
    }

    private static OptionalInt runTick(Map<String, String> env, DemoDatabase database, String grantKeyPem,
                                       PlannerChoice planner, ResearchChoice research, boolean serve, PrintStream out,
                                       PrintStream err) {
        Config config;
        try {
            config = Config.from(demoEnvironment(env, database, grantKeyPem, planner.llmUrl(), research.url(), serve));
        } catch (ConfigException e) {
            planner.offline().ifPresent(OfflinePlanner::close);
            research.standIn().ifPresent(NewsResearchStandIn::close);
            err.println(e.getMessage());
            return OptionalInt.of(2);
        }
        config.logEffective();
        Services services = Services.open(config);
        planner.offline().ifPresent(services::closeOnExit);
        research.standIn().ifPresent(services::closeOnExit);
        boolean keepRunning = false;
        try (HikariDataSource admin = Database.pool("demo-report", database.adminUrl(), 2, Duration.ZERO)) {
            Wiring.prepareDatabase(services);
            TickRunner runner = new TickRunner(Wiring.tick(services), services.metrics(), services.clock());
            if (!(runner.run() instanceof TickOutcome.Completed completed)) {
                err.println("demo: the tick did not complete (see the log above)");
                return OptionalInt.of(1);
            }
            new DemoReport(admin, config.planner().defaultTimezone()).print(out,
                    new DemoReport.Header(database.where(), database.serviceRole(), planner.description(),
                            protocol(config.planner()), research.description()),
                    completed.stats(), title -> planner.offline().flatMap(offline -> offline.transcript(title)),
                    title -> planner.offline().flatMap(offline -> offline.researchUrls(title)));
            out.flush();
            if (!serve) {
                return OptionalInt.of(0);
            }
            keepRunning = true;
            return DemoServe.start(services, config, out, err);
        } catch (Exception e) {
            err.println("demo failed: " + FailureReason.of(e));
            return OptionalInt.of(1);
        } finally {
            if (!keepRunning) {
                services.close();
            }
        }
    }

    /** How the planner asks the model, in the report's words. */
    private static String protocol(PlannerConfig planning) {
        return switch (planning.kind()) {
            case TOOLS -> "native tool calling (MANA_AI_PLANNER=tools), up to " + planning.maxRounds()
                    + " rounds, every call checked; tools: " + planning.tools();
            case JSON -> "one fenced JSON plan (MANA_AI_PLANNER=json, v0.3); tools: " + planning.tools();
        };
    }

    /**
     * The real environment with the demo's database (as the service role), grant key, planner, news-research API and
     * tick setting on top. The service role's password travels inside the JDBC URL, which never shows it.
     */
    static Map<String, String> demoEnvironment(Map<String, String> env, DemoDatabase database, String grantKeyPem,
                                               String llmUrl, String newsApiUrl, boolean serve) {
        Map<String, String> demo = new HashMap<>(env);
        demo.remove("MANA_AI_PRIVATE_KEY_FILE");
        demo.put("MANA_AI_PRIVATE_KEY_PEM", grantKeyPem);
        DatabaseUrl service = database.serviceUrl();
        String jdbc = service.jdbcUrl() + (service.jdbcUrl().contains("?") ? "&" : "?")
                + "user=" + encode(service.user().orElseThrow())
                + service.password().map(p -> "&password=" + encode(p)).orElse("");
        demo.put("SYNC_DATABASE_URL", jdbc);
        demo.put("MANA_LLM_URL", llmUrl);
        demo.put("MANA_API_URL", newsApiUrl);
        demo.putIfAbsent("MANA_AI_DB_POOL_SIZE", DEMO_POOL_SIZE);
        if (!serve) {
            demo.put("TICK_ENABLED", "false");
        }
        return demo;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Connection-class SQL states (08…) and no state at all: the server is not there, not refusing. */
    private static boolean unreachable(SQLException e) {
        return e.getSQLState() == null || e.getSQLState().startsWith("08");
    }
}
