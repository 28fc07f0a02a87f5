package how.mana.ai.planner;

import how.mana.ai.budget.BudgetReminder;
import how.mana.ai.mission.Agent;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.resolve.ResolvedInput;
import java.util.List;
import java.util.Optional;

/**
 * What one planning run of a mission works with besides the mission itself.
 *
 * @param offered       the tools this run may propose: the model is offered exactly these, and a step of any other
 *                      tool is never accepted
 * @param agent         the mission's agent when it names one of its user's agents (SPEC-LATEST §12.3); empty for a
 *                      legacy mission
 * @param usedInLastDay the agent's tokens of the last 24 hours before this run, as its claim read them; 0 when the
 *                      claim read none (no agent, or an agent without a budget)
 * @param research      inputs that research before planning found (SPEC-LATEST §19), shown after the mission's own
 */
public record PlanningRun(ToolCatalog offered, Optional<Agent> agent, long usedInLastDay,
                          List<ResolvedInput> research) {

    public PlanningRun {
        research = List.copyOf(research);
    }

    /** A run that research found nothing for. */
    public PlanningRun(ToolCatalog offered, Optional<Agent> agent, long usedInLastDay) {
        this(offered, agent, usedInLastDay, List.of());
    }

    /** A run of a mission without an agent. */
    public static PlanningRun offering(ToolCatalog offered) {
        return new PlanningRun(offered, Optional.empty(), 0);
    }

    /**
     * The token-budget reminder due before a round once this run has spent {@code runTokens} (SPEC-LATEST §13.3):
     * only for an agent with a {@code maxTokensPerDay} above 0.
     */
    public Optional<BudgetReminder> budgetReminder(long runTokens) {
        return agent.flatMap(Agent::maxTokensPerDay)
                .flatMap(cap -> BudgetReminder.at(usedInLastDay + runTokens, cap));
    }
}
