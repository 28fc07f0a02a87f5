package how.mana.ai.planner;

import how.mana.ai.config.PolicyMode;
import how.mana.ai.mission.Mission;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.llm.ChatMessage;
import how.mana.ai.planner.llm.CompletionRequest;
import how.mana.ai.planner.llm.LlmClient;
import how.mana.ai.planner.llm.LlmResult;
import how.mana.ai.planner.llm.TokenUsage;
import how.mana.ai.planner.parse.Excerpt;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.policy.InjectionMarkers;
import how.mana.ai.planner.prompt.ChatPrompt;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.resolve.ResolvedInput;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v0.3 planner ({@code MANA_AI_PLANNER=json}, SPEC §5): one request listing the offered tools, one answer with a
 * fenced JSON plan, parsed strictly; the system message ends with the agent's persona and memory when the mission
 * has an agent with plaintext ones. An answer without content is a parse failure ("no JSON block"), not an LLM
 * failure: the model did answer. A step whose arguments carry an injection marker is logged, and under
 * {@code POLICY_MODE=enforce} rejects the plan like any invalid step (§21.9).
 */
public final class JsonPlanProtocol implements PlanningProtocol {
    private static final Logger log = LoggerFactory.getLogger(JsonPlanProtocol.class);
    private static final int EXCERPT_CHARS = 80;

    private final PromptBuilder prompts;
    private final LlmClient llm;
    private final PlanParser parser;
    private final PolicyMode policy;

    public JsonPlanProtocol(PromptBuilder prompts, LlmClient llm, PlanParser parser, PolicyMode policy) {
        this.prompts = prompts;
        this.llm = llm;
        this.parser = parser;
        this.policy = policy;
    }

    @Override
    public PlanOutcome plan(Mission mission, List<ResolvedInput> inputs, PlanningRun run) {
        ToolCatalog offered = run.offered();
        ChatPrompt prompt = prompts.forAgent(prompts.jsonPlan(mission, inputs, offered), run.agent());
        log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("inputs", inputs.size())
                .addKeyValue("prompt", prompt.user()).log("asking the LLM");
        LlmResult result = llm.session().complete(new CompletionRequest(List.of(
                new ChatMessage.SystemMessage(prompt.system()), new ChatMessage.UserMessage(prompt.user())),
                Optional.empty()));
        return switch (result) {
            case LlmResult.Answer answer -> parsed(answer, mission, offered);
            case LlmResult.Failure failure -> new PlanOutcome.LlmFailure(failure.reason(),
                    TokenUsage.NONE);
        };
    }

    private PlanOutcome parsed(LlmResult.Answer answer, Mission mission, ToolCatalog offered) {
        String content = answer.content() == null ? "" : answer.content();
        log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("answer", content).log("LLM answered");
        return switch (parser.parse(content, offered)) {
            case ParseResult.Accepted accepted -> policyChecked(accepted.plan(), mission)
                    .<PlanOutcome>map(reason -> new PlanOutcome.ParseFailure(reason, answer.usage()))
                    .orElseGet(() -> new PlanOutcome.Planned(accepted.plan(), answer.usage()));
            case ParseResult.Rejected rejected -> {
                // The reason names the step and field; the answer itself may echo mission text: debug only.
                log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("reason", rejected.reason())
                        .addKeyValue("answerBegan", Excerpt.of(content, EXCERPT_CHARS)).log("plan rejected");
                yield new PlanOutcome.ParseFailure(rejected.reason(), answer.usage());
            }
        };
    }

    /** Why the plan is rejected under the policy mode, if it is: the first step carrying an injection marker. */
    private Optional<String> policyChecked(Plan plan, Mission mission) {
        if (policy == PolicyMode.OFF) {
            return Optional.empty();
        }
        List<PlannedStep> steps = plan.steps();
        for (int i = 0; i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            Optional<String> marker = InjectionMarkers.find(step.params());
            if (marker.isPresent()) {
                log.atWarn().addKeyValue("mission", mission.id()).addKeyValue("tool", step.toolName())
                        .addKeyValue("marker", marker.get()).addKeyValue("policyMode", policy.configName())
                        .log("injection marker in a step's arguments");
                if (policy == PolicyMode.ENFORCE) {
                    return Optional.of("steps[" + i + "].params: holds an injection marker (" + marker.get() + ")");
                }
            }
        }
        return Optional.empty();
    }
}
