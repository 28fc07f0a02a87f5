package how.mana.ai.app;

import how.mana.ai.auth.UserTokenVerifier;
import how.mana.ai.auth.UserTokens;
import how.mana.ai.budget.TokenUsage;
import how.mana.ai.config.Config;
import how.mana.ai.config.GrantConfig;
import how.mana.ai.config.GrantKey;
import how.mana.ai.config.PlannerConfig;
import how.mana.ai.db.Migrations;
import how.mana.ai.db.MissionRowIndex;
import how.mana.ai.http.AuditRows;
import how.mana.ai.http.UserMissions;
import how.mana.ai.planner.JsonPlanProtocol;
import how.mana.ai.planner.LlmPlanner;
import how.mana.ai.planner.Planner;
import how.mana.ai.planner.PlanningProtocol;
import how.mana.ai.planner.llm.ChatCompletionsClient;
import how.mana.ai.planner.llm.LlmSettings;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.toolcall.ToolCallingProtocol;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.projection.MissionSummary;
import how.mana.ai.projection.RecordViews;
import how.mana.ai.research.Research;
import how.mana.ai.research.ResearchSettings;
import how.mana.ai.resolve.GoalsResolver;
import how.mana.ai.resolve.InputResolverRegistry;
import how.mana.ai.resolve.grant.DecryptAudit;
import how.mana.ai.resolve.grant.MissionGrants;
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
import java.util.Optional;
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
                new AgentGates(services.agents(), new AgentDecisions(database), new TokenUsage(database)),
                new SlotStore(database), planner,
                services.closeOnExit(new Research(ResearchSettings.from(config), database, services.metrics())),
                new WriteBack(database, services.syncTable(), new NextRunCalculator(),
                        config.planner().defaultTimezone(), services.clock(),
                        config.planner().promptLocale().encryptedPlaceholder()),
                Backoff.from(config),
                new MissionTick.Settings(runnerName(), config.tick().concurrency(), config.tick().maxMissionsPerTick(),
                        config.retry().maxAttempts(), config.tick().slotLease(), config.planner().tools()),
                services.metrics(), services.tracing().tracer(), services.clock());
    }

    /** The planner that asks the configured LLM, by the configured protocol ({@code MANA_AI_PLANNER}). */
    public static Planner llmPlanner(Services services) {
        PlannerConfig planning = services.config().planner();
        var llm = services.closeOnExit(new ChatCompletionsClient(LlmSettings.from(services.config()),
                services.metrics(), services.tracing()));
        var history = new RecordHistory(services.syncTable());
        var resolvers = new InputResolverRegistry(
                Map.of(GoalsResolver.MODULE, new GoalsResolver(services.database(), history, planning.promptLocale())),
                missionGrants(services, history));
        var prompts = new PromptBuilder(planning.promptLocale(), services.clock(), planning.defaultTimezone());
        PlanningProtocol protocol = switch (planning.kind()) {
            case TOOLS -> new ToolCallingProtocol(prompts, llm, planning.policyMode(), planning.maxRounds(),
                    planning.maxPlanSteps(), services.metrics());
            case JSON -> new JsonPlanProtocol(prompts, llm, new PlanParser(planning.maxPlanSteps()),
                    planning.policyMode());
        };
        return new LlmPlanner(resolvers, protocol);
    }

    /**
     * The encrypted inputs of missions that hold a grant: unwrapped with {@code MANA_AI_PRIVATE_KEY_PEM}, read in the
     * owner's scope, every attempt audited.
     */
    private static MissionGrants missionGrants(Services services, RecordHistory history) {
        return new MissionGrants(services.config().grants().privateKey().map(GrantKey::privateKey),
                services.database(), history, decryptAudit(services), services.metrics(), services.clock());
    }

    private static DecryptAudit decryptAudit(Services services) {
        return new DecryptAudit(services.database(), services.clock());
    }

    /** Checks the mana-auth tokens of {@code GET /api/v1/me/ai-audit} against mana-auth's JWKS. */
    public static UserTokens userTokens(Services services) {
        GrantConfig grants = services.config().grants();
        return new UserTokenVerifier(grants.jwksUrl(), grants.acceptedIssuers(), grants.audience(), services.clock());
    }

    /** Answers {@code GET /api/v1/me/ai-audit} with the user's decrypt audit rows, in their RLS scope. */
    public static AuditRows auditRows(Services services) {
        DecryptAudit audit = decryptAudit(services);
        return (userId, missionId, limit) -> Map.of("rows", audit.recent(userId, missionId, limit));
    }

    /** Answers {@code GET /internal/missions/{userId}} from the snapshot, RLS-scoped to that user. */
    public static UserMissions userMissions(Services services) {
        MissionProjection projection = services.projection();
        AgentDecisions decisions = new AgentDecisions(services.database());
        return userId -> {
            var listing = projection.missionsOf(userId);
            var byMission = decisions.of(userId);
            return new how.mana.ai.projection.UserMissions(userId, listing.missions().stream()
                    .map(m -> Optional.ofNullable(byMission.get(m.id()))
                            .map(e -> m.withAgentDecision(new MissionSummary.AgentDecision(e.agentId(), e.decision(),
                                    e.decidedAt())))
                            .orElse(m))
                    .toList());
        };
    }

    /** This process's name on the slot leases it takes: readable in the table, unique per process. */
    private static String runnerName() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }
}
