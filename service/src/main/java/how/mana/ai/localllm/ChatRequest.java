package how.mana.ai.localllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Headers;
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
