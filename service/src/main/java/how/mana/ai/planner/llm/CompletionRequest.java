package how.mana.ai.planner.llm;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Optional;

/**
 * What one chat-completions request asks.
 *
 * @param tools the function specs offered (SPEC §14.3), sent with {@code tool_choice: auto}; empty for a request
 *              that offers no functions (the v0.3 planner lists its tools in the prompt instead)
 */
public record CompletionRequest(List<ChatMessage> messages, Optional<ArrayNode> tools) {
    public CompletionRequest {
        messages = List.copyOf(messages);
    }
}
