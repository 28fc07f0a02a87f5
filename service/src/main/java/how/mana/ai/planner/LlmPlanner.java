package how.mana.ai.planner;

import how.mana.ai.mission.Mission;
import how.mana.ai.planner.llm.LlmClient;
import how.mana.ai.planner.llm.LlmResult;
import how.mana.ai.planner.parse.Excerpt;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.ChatPrompt;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.resolve.InputResolverRegistry;
import how.mana.ai.resolve.ResolvedInput;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one mission: resolve its inputs, build the prompt, ask the LLM, parse the answer strictly (SPEC §5). Never
 * throws. Logs at debug only: the tick logs each outcome, and anything here may carry mission text.
 */
public final class LlmPlanner implements Planner {
    private static final Logger log = LoggerFactory.getLogger(LlmPlanner.class);
    private static final int EXCERPT_CHARS = 80;

    private final InputResolverRegistry resolvers;
    private final PromptBuilder prompts;
    private final LlmClient llm;
    private final PlanParser parser;

    public LlmPlanner(InputResolverRegistry resolvers, PromptBuilder prompts, LlmClient llm, PlanParser parser) {
        this.resolvers = resolvers;
        this.prompts = prompts;
        this.llm = llm;
        this.parser = parser;
    }

    @Override
    public PlanOutcome plan(Mission mission) {
        try {
            List<ResolvedInput> inputs = resolvers.resolveAll(mission);
            ChatPrompt prompt = prompts.build(mission, inputs);
            log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("inputs", inputs.size())
                    .addKeyValue("prompt", prompt.user()).log("asking the LLM");
            return switch (llm.complete(prompt)) {
                case LlmResult.Answer answer -> parsed(answer.content(), mission);
                case LlmResult.Failure failure -> new PlanOutcome.LlmFailure(failure.reason());
            };
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).addKeyValue("mission", mission.id()).log("planner failed unexpectedly");
            return new PlanOutcome.LlmFailure("planner error: " + e.getClass().getSimpleName());
        }
    }

    private PlanOutcome parsed(String answer, Mission mission) {
        log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("answer", answer).log("LLM answered");
        return switch (parser.parse(answer)) {
            case ParseResult.Accepted accepted -> new PlanOutcome.Planned(accepted.plan());
            case ParseResult.Rejected rejected -> {
                // The reason names the step and field; the answer itself may echo mission text: debug only.
                log.atDebug().addKeyValue("mission", mission.id()).addKeyValue("reason", rejected.reason())
                        .addKeyValue("answerBegan", Excerpt.of(answer, EXCERPT_CHARS)).log("plan rejected");
                yield new PlanOutcome.ParseFailure(rejected.reason());
            }
        };
    }
}
