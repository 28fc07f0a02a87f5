package how.mana.ai.tick;

import how.mana.ai.budget.TokenUsage;
import how.mana.ai.mission.Agent;
import how.mana.ai.mission.AgentDecision;
import how.mana.ai.mission.Mission;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.projection.AgentProjection;
import how.mana.ai.projection.RefreshResult;
import how.mana.ai.runs.AgentDecisions;
import how.mana.ai.runs.AgentLimit;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents' side of a tick (SPEC §12–§13): finds a mission's agent, gives the limits its claim must respect, and
 * records what the gates decided. A mission whose {@code agentId} names no agent of the same user (unknown,
 * deleted, not yet projected) runs as before agents existed: no gates, no budget.
 */
public final class AgentGates {
    private final AgentProjection agents;
    private final AgentDecisions decisions;

    private final TokenUsage usage;

    public AgentGates(AgentProjection agents, AgentDecisions decisions, TokenUsage usage) {
        this.agents = agents;
        this.decisions = decisions;
        this.usage = usage;
    }

    /**
     * The tools an agent's missions may propose (SPEC-LATEST §12.6): the catalog less every tool its policy denies;
     * without a policy, all of them.
     */
    static ToolCatalog toolsFor(Agent agent, ToolCatalog catalog) {
        return agent.policy().map(policy -> catalog.only(tool -> policy.allows(tool.name(), tool.module())))
                .orElse(catalog);
    }

    /** One run's usage against its agent's budget, exactly once per run; nothing when the run used none. */
    void recordUsage(Mission mission, Agent agent, long tokens) throws SQLException {
        usage.record(mission.userId(), agent.id(), mission.id(), tokens);
    }

    /** Deletes usage no budget window reaches any more. */
    int pruneUsage() throws SQLException {
        return usage.prune();
    }

    RefreshResult refresh() throws SQLException {
        return agents.records().refresh();
    }

    /** Reads each user's agents once per tick, as the tick first needs them. */
    Lookup lookup() {
        return new Lookup();
    }

    static AgentLimit limitOf(Agent agent) {
        return new AgentLimit(agent.id(), agent.maxConcurrentMissions(), agent.maxTokensPerDay(),
                TokenUsage::usedInLastDay);
    }

    void record(Mission mission, Agent agent, AgentDecision decision) throws SQLException {
        decisions.record(mission.userId(), mission.id(), agent.id(), decision);
    }

    /** The agents of one tick. */
    final class Lookup {
        private final Map<String, Map<String, Agent>> byUser = new ConcurrentHashMap<>();

        Optional<Agent> agentOf(Mission mission) throws SQLException {
            if (mission.agentId().isEmpty()) {
                return Optional.empty();
            }
            Map<String, Agent> users = byUser.get(mission.userId());
            if (users == null) {
                users = agents.agentsOf(mission.userId());
                byUser.putIfAbsent(mission.userId(), users);
            }
            return Optional.ofNullable(users.get(mission.agentId().get()));
        }
    }
}
