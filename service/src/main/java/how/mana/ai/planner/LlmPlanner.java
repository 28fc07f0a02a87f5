package how.mana.ai.planner;

import how.mana.ai.mission.Mission;
import how.mana.ai.planner.llm.TokenUsage;
import how.mana.ai.resolve.InputResolverRegistry;
import how.mana.ai.resolve.ResolvedInput;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans one mission with the model: resolve its inputs (and add those research found), then let the protocol ask
 * and check (SPEC §5, §15). Never throws. Logs at debug only: the tick logs each outcome, and anything here may carry mission text.
 */
public final class LlmPlanner implements Planner {
    private static final Logger log = LoggerFactory.getLogger(LlmPlanner.class);

    private final InputResolverRegistry resolvers;
    private final PlanningProtocol protocol;

    public LlmPlanner(InputResolverRegistry resolvers, PlanningProtocol protocol) {
        this.resolvers = resolvers;
        this.protocol = protocol;
    }

    @Override
    public PlanOutcome plan(Mission mission, PlanningRun run) {
        try {
            List<ResolvedInput> inputs = new ArrayList<>(resolvers.resolveAll(mission));
            inputs.addAll(run.research());
            return protocol.plan(mission, inputs, run);
        } catch (RuntimeException e) {
            log.atDebug().setCause(e).addKeyValue("mission", mission.id()).log("planner failed unexpectedly");
            return new PlanOutcome.LlmFailure("planner error: " + e.getClass().getSimpleName(), TokenUsage.NONE);
        }
    }
}
