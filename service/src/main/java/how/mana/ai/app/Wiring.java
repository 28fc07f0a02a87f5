package how.mana.ai.app;

import how.mana.ai.config.Config;
import how.mana.ai.config.PlannerConfig;
import how.mana.ai.db.Migrations;
import how.mana.ai.db.MissionRowIndex;
import how.mana.ai.http.UserMissions;
import how.mana.ai.planner.LlmPlanner;
import how.mana.ai.planner.Planner;
import how.mana.ai.planner.llm.ChatCompletionsClient;
import how.mana.ai.planner.llm.LlmSettings;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.projection.RecordViews;
import how.mana.ai.resolve.GoalsResolver;
import how.mana.ai.resolve.InputResolverRegistry;
import how.mana.ai.runs.AgentDecisions;
import how.mana.ai.runs.Backoff;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.schedule.NextRunCalculator;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.SyncTable;
import how.mana.ai.tick.AgentGates;
import how.mana.ai.tick.MissionTick;
import how.mana.ai.tick.Tick;
import how.mana.ai.tick.WriteBack;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the tick and the missions view are put together from the shared {@link Services}; every
 * command takes them from here.
 */
public final class Wiring {
    private static final Logger log = LoggerFactory.getLogger(Wiring.class);

    private Wiring() {
    }

    /**
     * Brings the {@code mana_ai} schema up to date, checks that the cross-user mission view really works for this
     * role (it does not when {@code migrate} was run by an unprivileged role) and warns when no index serves the
     * refresh's read.
     */
    public static void prepareDatabase(Services services) throws Exception {
        Migrations.migrate(services.database());
        RecordViews.define(services.database());
        SyncTable table;
        try (Connection c = services.database().getConnection()) {
            table = services.syncTable().on(c);
        }
        log.atInfo().addKeyValue("generation", table.generation())
                .addKeyValue("stampColumn", table.stampColumn()).addKeyValue("origin", table.writesOrigin())
                .log("sync_changes generation detected");
        services.projection().checkPrivileges();
        MissionRowIndex.checkServed(services.database());
    }

    /** The tick that {@code serve}'s scheduler, {@code POST /internal/tick} and the {@code tick} command run. */
    public static Tick tick(Services services) {
        return tick(services, llmPlanner(services));
    }

    /** The tick with another planner (the demo's offline planner, or a test's). */
    public static Tick tick(Services services, Planner planner) {
        Config config = services.config();
        var database = services.database();
        return new MissionTick(services.projection(),
                new AgentGates(services.agents(), new AgentDecisions(database)), new SlotStore(database), planner,
                new WriteBack(database, services.syncTable(), new NextRunCalculator(),
                        config.planner().defaultTimezone(), services.clock(),
                        config.planner().promptLocale().encryptedPlaceholder()),
                Backoff.from(config),
                new MissionTick.Settings(runnerName(), config.tick().concurrency(), config.tick().maxMissionsPerTick(),
                        config.retry().maxAttempts(), config.slotLease()),
                services.metrics(), services.tracing().tracer(), services.clock());
    }

    /** The planner that asks the configured LLM. The tool catalog is checked here: a bad file stops start-up. */
    public static Planner llmPlanner(Services services) {
        PlannerConfig planning = services.config().planner();
        ToolCatalog catalog = ToolCatalog.load(planning.toolsFile());
        var llm = services.closeOnExit(new ChatCompletionsClient(LlmSettings.from(services.config()),
                services.metrics(), services.tracing()));
        var resolvers = new InputResolverRegistry(
                Map.of(GoalsResolver.MODULE, new GoalsResolver(services.database(),
                        new RecordHistory(services.syncTable()), planning.promptLocale())));
        return new LlmPlanner(resolvers, new PromptBuilder(catalog, planning.promptLocale(), services.clock(),
                planning.defaultTimezone()), llm, new PlanParser(catalog, planning.maxPlanSteps()));
    }

    /** Answers {@code GET /internal/missions/{userId}} from the snapshot, RLS-scoped to that user. */
    public static UserMissions userMissions(Services services) {
        MissionProjection projection = services.projection();
        return projection::missionsOf;
    }

    /** This process's name on the slot leases it takes: readable in the table, unique per process. */
    private static String runnerName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
