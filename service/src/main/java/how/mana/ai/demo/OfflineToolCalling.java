package how.mana.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.localllm.AssistantTurn;
import java.util.List;

/**
 * The offline planner's side of a tool-calling conversation: one proposal per turn, each with its own reason, and a
 * short summary without calls once all are through. It keeps no state; every turn follows from the conversation so
 * far, as a model's would. The first attempt at a proposal with a {@link OfflinePlanAuthor.Proposal#slip} leaves
 * that parameter out; when the service rejects it, the next turn sends the call complete, saying so. A proposal
 * rejected twice is given up. Pure.
 */
final class OfflineToolCalling {
    private OfflineToolCalling() {
    }

    /** The next turn, given the plan and the messages of the request (the service's tool messages among them). */
    static AssistantTurn next(PromptedMission mission, List<OfflinePlanAuthor.Proposal> plan, List<JsonNode> messages) {
        int next = 0;
        int stored = 0;
        boolean retry = false;
        for (JsonNode message : messages) {
            if (!"tool".equals(message.path("role").asText())) {
                continue;
            }
            JsonNode result = ToolTranscript.toolResult(message.path("content").asText(""));
            if (result.path("success").asBoolean(false)) {
                stored++;
                next++;
                retry = false;
            } else if (!retry) {
                retry = true;
            } else {
                next++;
                retry = false;
            }
        }
        if (next >= plan.size()) {
            return AssistantTurn.saying(OfflinePlanAuthor.summary(mission, stored));
        }
        OfflinePlanAuthor.Proposal proposal = plan.get(next);
        ObjectNode arguments = proposal.params().deepCopy();
        String reason = proposal.rationale();
        if (retry) {
            reason = proposal.slip().map(slip -> "Korrektur: " + slip + " ergänzt. ").orElse("Erneut: ") + reason;
        } else {
            proposal.slip().ifPresent(arguments::remove);
        }
        long turn = messages.stream().filter(m -> "assistant".equals(m.path("role").asText())).count() + 1;
        return AssistantTurn.calling(reason,
                List.of(new AssistantTurn.Call("call_" + turn, proposal.tool(), arguments.toString())));
    }
}
