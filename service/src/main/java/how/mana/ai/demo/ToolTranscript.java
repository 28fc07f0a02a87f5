package how.mana.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.localllm.AssistantTurn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tool-calling conversation as the offline planner saw it over the wire: the agent's blocks its system message
 * carried, each turn's calls with what the service answered to each, and the final turn without calls. Read from the
 * last request (which holds every earlier turn and tool message) and the answer given to it. Pure.
 *
 * @param agentBlocks the tags of the agent blocks the system message ends with ({@code agent_persona},
 *                    {@code agent_memory}), in that order
 */
record ToolTranscript(List<String> agentBlocks, List<Turn> turns) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> AGENT_TAGS = List.of("agent_persona", "agent_memory");

    /** One model turn; a turn without calls ended the conversation. */
    record Turn(List<CallResult> calls) {
        Turn {
            calls = List.copyOf(calls);
        }
    }

    /** One call and the service's tool message about it. */
    record CallResult(String tool, boolean stored, String message) {
    }

    ToolTranscript {
        agentBlocks = List.copyOf(agentBlocks);
        turns = List.copyOf(turns);
    }

    static ToolTranscript of(List<JsonNode> lastRequest, AssistantTurn lastAnswer) {
        Map<String, JsonNode> results = new HashMap<>();
        for (JsonNode message : lastRequest) {
            if ("tool".equals(message.path("role").asText())) {
                results.put(message.path("tool_call_id").asText(), toolResult(message.path("content").asText("")));
            }
        }
        List<Turn> turns = new ArrayList<>();
        for (JsonNode message : lastRequest) {
            if ("assistant".equals(message.path("role").asText())) {
                List<CallResult> calls = new ArrayList<>();
                for (JsonNode call : message.path("tool_calls")) {
                    JsonNode result = results.getOrDefault(call.path("id").asText(), JSON.createObjectNode());
                    calls.add(new CallResult(call.path("function").path("name").asText(),
                            result.path("success").asBoolean(false), result.path("message").asText("")));
                }
                turns.add(new Turn(calls));
            }
        }
        if (lastAnswer.calls().isEmpty()) {
            turns.add(new Turn(List.of()));
        }
        String system = lastRequest.isEmpty() ? "" : lastRequest.getFirst().path("content").asText("");
        return new ToolTranscript(AGENT_TAGS.stream().filter(tag -> system.contains("\n<" + tag + ">\n")).toList(),
                turns);
    }

    /** A tool message's {@code {success, message}}; an empty object when it is not JSON. */
    static JsonNode toolResult(String text) {
        try {
            return JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JacksonException notJson) {
            return JSON.createObjectNode();
        }
    }
}
