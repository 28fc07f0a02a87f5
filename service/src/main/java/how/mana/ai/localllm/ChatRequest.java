package how.mana.ai.localllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A chat-completions request as a {@link LocalChatServer} received it.
 *
 * @param headers the request headers (a copy; names are case-insensitive)
 * @param body    the parsed JSON body
 */
public record ChatRequest(Headers headers, JsonNode body) {

    /** The first value of the header {@code name}, or null. */
    public String header(String name) {
        return headers.getFirst(name);
    }

    /** The function specs offered ({@code tools}), when the request offers any. */
    public Optional<JsonNode> tools() {
        JsonNode tools = body.get("tools");
        return tools != null && tools.isArray() ? Optional.of(tools) : Optional.empty();
    }

    /** The messages, in order. */
    public List<JsonNode> messages() {
        List<JsonNode> messages = new ArrayList<>();
        body.path("messages").forEach(messages::add);
        return messages;
    }

    /** The text of the first message with the role {@code system}, if any. */
    public Optional<String> systemMessage() {
        return messages().stream().filter(m -> "system".equals(m.path("role").asText()))
                .map(m -> m.path("content")).filter(JsonNode::isTextual).map(JsonNode::textValue).findFirst();
    }

    /** The model turns that came before this request: how many rounds of the conversation were taken. */
    public long assistantTurns() {
        return messages().stream().filter(m -> "assistant".equals(m.path("role").asText())).count();
    }

    /** The text of the last message with the role {@code user}: what the caller asks. */
    public Optional<String> userMessage() {
        String found = null;
        for (JsonNode message : body.path("messages")) {
            if ("user".equals(message.path("role").asText()) && message.path("content").isTextual()) {
                found = message.get("content").textValue();
            }
        }
        return Optional.ofNullable(found);
    }
}
