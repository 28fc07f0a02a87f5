package how.mana.ai.tick;

import how.mana.ai.mission.Agent;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.sync.Actor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Optional;

/**
 * The names and attributes of a tick's spans (SPEC-LATEST §18.2). They carry ids, counts and outcomes, never mission
 * text: no title, objective or concept, plaintext or ciphertext, and no prompt or answer.
 */
final class TickSpans {
    static final String TICK = "tick";
    static final String REFRESH = "tick.refresh";
    static final String PLAN_MISSION = "tick.planMission";
    static final String WRITE_BACK = "tick.writeBack";

    static final AttributeKey<String> MISSION_ID = AttributeKey.stringKey("mission.id");
    static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
    static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("agent.id");
    static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("agent.name");
    /** How the mission's run ended: {@code planned}, {@code llm-failure}, {@code deferred}, {@code skipped-paused}… */
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("mission.outcome");
    /** What the write-back did: {@code written}, {@code superseded} or {@code lease-lost}. */
    static final AttributeKey<String> WRITE_RESULT = AttributeKey.stringKey("writeback.result");
    /** What was written: the plan, or the failed iteration after the last attempt. */
    static final AttributeKey<String> WRITE_CONTENT = AttributeKey.stringKey("writeback.content");
    static final AttributeKey<Long> ROWS_FOLDED = AttributeKey.longKey("refresh.rows_folded");
    static final AttributeKey<Long> DUE_MISSIONS = AttributeKey.longKey("tick.due_missions");
    static final AttributeKey<Long> PLANS_WRITTEN = AttributeKey.longKey("tick.plans_written_back");
    static final AttributeKey<Long> ERRORS = AttributeKey.longKey("tick.errors");
    /** The agent of a mission without one (§18.2). */
    static final String NO_AGENT = "legacy";

    private TickSpans() {
    }

    /** The mission's agent as the span shows it; an encrypted name reads as the default name, as in the actor. */
    static void agent(Span span, Optional<Agent> agent) {
        span.setAttribute(AGENT_ID, agent.map(Agent::id).orElse(NO_AGENT));
        span.setAttribute(AGENT_NAME, agent.map(Agent::name).filter(name -> !Ciphertext.contains(name))
                .orElse(Actor.Ai.DEFAULT_NAME));
    }

    /** A run that did not get what it set out to do; {@code reason} is short and names no mission text. */
    static void failed(Span span, String outcome, String reason) {
        span.setAttribute(OUTCOME, outcome);
        span.setStatus(StatusCode.ERROR, reason);
    }

    static String resultOf(WriteBack.Result result) {
        return switch (result) {
            case WriteBack.Result.Written written -> "written";
            case WriteBack.Result.Superseded superseded -> "superseded";
            case WriteBack.Result.LeaseLost lost -> "lease-lost";
        };
    }
}
