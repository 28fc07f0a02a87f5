package how.mana.ai.planner.toolcall;

import how.mana.ai.budget.BudgetReminder;
import how.mana.ai.config.PolicyMode;
import how.mana.ai.mission.Mission;
import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.PlanningProtocol;
import how.mana.ai.planner.PlanningRun;
import how.mana.ai.planner.llm.LlmClient;
import how.mana.ai.planner.llm.LlmResult;
import how.mana.ai.planner.prompt.ChatPrompt;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.tools.FunctionSpecs;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.resolve.ResolvedInput;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The native tool-calling planner ({@code MANA_AI_PLANNER=tools}, the default; SPEC §15): the offered tools as
 * function specs with {@code tool_choice: auto}, then rounds of model turns and tool messages until the model stops
 * calling, or {@code MANA_AI_MAX_ROUNDS} turns were taken ({@link ToolConversation}). All rounds share the run's
 * LLM deadline; any failed request ends the run as an LLM failure, with the tokens spent until then. For a mission of
 * an agent the system message ends with its persona and memory, and an agent with a daily budget gets a reminder
 * with a round once its usage reaches three quarters of it (SPEC §13.3).
 */
public final class ToolCallingProtocol implements PlanningProtocol {
    private static final Logger log = LoggerFactory.getLogger(ToolCallingProtocol.class);

    private final PromptBuilder prompts;
    private final LlmClient llm;
    private final PolicyMode policy;
    private final int maxRounds;
    private final int maxSteps;
    private final MeterRegistry meters;
    private final DistributionSummary roundsPerRun;
    private final Map<BudgetReminder.Severity, Counter> budgetReminders = new EnumMap<>(BudgetReminder.Severity.class);

    public ToolCallingProtocol(PromptBuilder prompts, LlmClient llm, PolicyMode policy, int maxRounds, int maxSteps,
                               MeterRegistry meters) {
        this.prompts = prompts;
        this.llm = llm;
        this.policy = policy;
        this.maxRounds = maxRounds;
        this.maxSteps = maxSteps;
        this.meters = meters;
        this.roundsPerRun = DistributionSummary.builder("mana_ai_planner_rounds")
                .description("Model turns of a tool-calling run that produced a plan")
                .serviceLevelObjectives(1, 2, 3, 4, 5).register(meters);
        // The only reminders the server gives (§15.8: no compaction here, and its calls never fail the device's way).
        for (BudgetReminder.Severity severity : BudgetReminder.Severity.values()) {
            budgetReminders.put(severity, Counter.builder("mana_ai_reminders_emitted")
                    .description("Reminders added to a tool-calling round, by producer and severity")
                    .tag("producer", BudgetReminder.PRODUCER).tag("severity", severity.wireName()).register(meters));
        }
    }

    @Override
    public PlanOutcome plan(Mission mission, List<ResolvedInput> inputs, PlanningRun run) {
        ToolCatalog offered = run.offered();
        ChatPrompt prompt = prompts.forAgent(prompts.toolCalling(mission, inputs, maxRounds), run.agent());
        ToolConversation conversation = new ToolConversation(prompt, FunctionSpecs.of(offered),
                new CallCheck(offered, policy), prompts.toolCallingTexts(), maxRounds, maxSteps);
        log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("inputs", inputs.size())
                .addKeyValue("tools", offered.tools().size()).addKeyValue("prompt", prompt.user())
                .log("asking the LLM with tools");
        LlmClient.LlmSession session = llm.session();
        boolean more = true;
        while (more) {
            switch (session.complete(conversation.request(reminders(mission, run, conversation.usage().total())))) {
                case LlmResult.Failure failure -> {
                    report(mission, conversation, offered);
                    return new PlanOutcome.LlmFailure(failure.reason(), conversation.usage());
                }
                case LlmResult.Answer answer -> more = conversation.take(answer);
            }
        }
        report(mission, conversation, offered);
        PlanOutcome outcome = conversation.outcome();
        if (outcome instanceof PlanOutcome.Planned) {
            roundsPerRun.record(conversation.rounds().size());
        }
        return outcome;
    }

    /**
     * The reminders for the next round (SPEC §15.3 step 2): the token budget's (§13.3), from the agent's usage before
     * the run and this run's tokens so far; each one counted.
     */
    private List<String> reminders(Mission mission, PlanningRun run, long runTokens) {
        return run.agent().flatMap(agent -> run.budgetReminder(runTokens).map(reminder -> {
            budgetReminders.get(reminder.severity()).increment();
            log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("agent", agent.id())
                    .addKeyValue("severity", reminder.severity().wireName()).addKeyValue("percent", reminder.percent())
                    .log("token-budget reminder added to the round");
            return List.of(prompts.budgetReminder(agent.name(), reminder));
        })).orElse(List.of());
    }

    /** Counts every call by tool and outcome, warns of injection markers, and logs the run (debug: it quotes text). */
    private void report(Mission mission, ToolConversation conversation, ToolCatalog offered) {
        for (ToolConversation.Round round : conversation.rounds()) {
            for (CallOutcome call : round.calls()) {
                countCall(call, offered);
                call.marker().ifPresent(marker -> log.atWarn().addKeyValue("mission", mission.id())
                        .addKeyValue("user", mission.userId()).addKeyValue("tool", call.call().name())
                        .addKeyValue("marker", marker).addKeyValue("policyMode", policy.configName())
                        .addKeyValue("blocked", call instanceof CallOutcome.Rejected r && r.blocked())
                        .log("injection marker in a tool call's arguments"));
                if (call instanceof CallOutcome.Rejected rejected) {
                    log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("tool", rejected.call().name())
                            .addKeyValue("reason", rejected.reason()).log("tool call rejected");
                }
            }
        }
        log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("rounds", conversation.rounds().size())
                .addKeyValue("stop", conversation.stopReason().map(StopReason::label).orElse("failed"))
                .addKeyValue("tokens", conversation.usage().total()).log("tool-calling run ended");
    }

    /**
     * {@code mana_ai_tool_calls_total{tool,policy,outcome}} (SPEC §18.1): outcome {@code deferred} for a stored
     * proposal, {@code rejected} for an invalid call, {@code blocked} for one refused for an injection marker. A
     * name that is not an offered tool counts as {@code unknown}, so a model cannot grow the label set.
     */
    private void countCall(CallOutcome call, ToolCatalog offered) {
        String tool = offered.find(call.call().name()).isPresent() ? call.call().name() : "unknown";
        String outcome = switch (call) {
            case CallOutcome.Accepted accepted -> "deferred";
            case CallOutcome.Rejected rejected -> rejected.blocked() ? "blocked" : "rejected";
        };
        Counter.builder("mana_ai_tool_calls").description("Tool calls of tool-calling runs, by what became of them")
                .tag("tool", tool).tag("policy", "propose").tag("outcome", outcome)
                .register(meters).increment();
    }
}
