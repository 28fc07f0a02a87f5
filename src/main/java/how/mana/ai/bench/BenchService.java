package how.mana.ai.bench;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.Config;
import how.mana.ai.db.Database;
import how.mana.ai.planner.LlmPlanner;
import how.mana.ai.planner.llm.ChatCompletionsClient;
import how.mana.ai.planner.llm.LlmSettings;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.resolve.GoalsResolver;
import how.mana.ai.resolve.InputResolverRegistry;
import how.mana.ai.runs.Backoff;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.schedule.NextRunCalculator;
import how.mana.ai.tick.MissionTick;
import how.mana.ai.tick.TickStats;
import how.mana.ai.tick.WriteBack;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The service under test, configured through {@link Config} from the same variables an operator sets (database as
 * the least-privileged role, LLM URL, concurrency; everything else at its default) and wired from the production
 * classes: projection, run slots, LLM planner, write-back, tick.
 */
final class BenchService implements ServiceUnderTest {
    private final HikariDataSource pool;
    private final ChatCompletionsClient llm;
    private final MissionProjection projection;
    private final MissionTick tick;

    private BenchService(HikariDataSource pool, ChatCompletionsClient llm, MissionProjection projection,
                         MissionTick tick) {
        this.pool = pool;
        this.llm = llm;
        this.projection = projection;
        this.tick = tick;
    }

    static BenchService start(ProbeParams params) throws Exception {
        Config config = Config.from(environment(params));
        HikariDataSource pool = Database.pool("mana-ai", config.syncDatabase(), config.dbPoolSize(),
                config.dbStatementTimeout());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ChatCompletionsClient llm = new ChatCompletionsClient(LlmSettings.from(config), meters);
        MissionProjection projection = new MissionProjection(pool);
        projection.checkPrivileges();
        ToolCatalog tools = ToolCatalog.load(config.toolsFile());
        LlmPlanner planner = new LlmPlanner(
                new InputResolverRegistry(Map.of("goals", new GoalsResolver(pool, config.promptLocale()))),
                new PromptBuilder(tools, config.promptLocale()), llm, new PlanParser(tools, config.maxPlanSteps()));
        Clock clock = Clock.systemUTC();
        MissionTick tick = new MissionTick(projection, new SlotStore(pool), planner,
                new WriteBack(pool, new NextRunCalculator(), config.defaultTimezone(), clock), Backoff.from(config),
                new MissionTick.Settings("bench-" + ProcessHandle.current().pid(), config.concurrency(),
                        config.maxAttempts(), config.slotLease()),
                meters, clock);
        return new BenchService(pool, llm, projection, tick);
    }

    /** The variables an operator would set for this run; the rest of the process environment passes through. */
    private static Map<String, String> environment(ProbeParams params) {
        Map<String, String> env = new HashMap<>(System.getenv());
        ProbeParams.Login service = params.service();
        String credentials = "user=" + encode(service.user()) + "&password=" + encode(service.password());
        env.put("SYNC_DATABASE_URL", service.jdbcUrl() + (service.jdbcUrl().contains("?") ? "&" : "?") + credentials);
        env.put("MANA_LLM_URL", params.llmUrl());
        env.put("MANA_AI_CONCURRENCY", Integer.toString(params.concurrency()));
        return env;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void rebuildSnapshot() throws Exception {
        projection.rebuild();
    }

    @Override
    public void refreshSnapshot() throws Exception {
        projection.refresh();
    }

    @Override
    public int dueCount(Instant now) throws Exception {
        return projection.dueAt(now).missions().size();
    }

    @Override
    public TickStats tick() throws Exception {
        return tick.run();
    }

    @Override
    public void close() {
        llm.close();
        pool.close();
    }
}
