package how.mana.ai.planner.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.planner.prompt.ChatPrompt;
import java.io.IOException;

/** The OpenAI-compatible chat-completions wire format: the request body and the answer's content. Pure. */
final class ChatEnvelope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatEnvelope() {
    }

    static byte[] request(String model, double temperature, ChatPrompt prompt) {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("temperature", temperature);
        ArrayNode messages = body.putArray("messages");
        messages.addObject().put("role", "system").put("content", prompt.system());
        messages.addObject().put("role", "user").put("content", prompt.user());
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    /** {@code choices[0].message.content} of a 2xx body. */
    static LlmResult answer(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new LlmResult.Unreadable("body is not JSON");
        }
        JsonNode message = root == null ? null : root.path("choices").path(0).path("message");
        if (message == null || !message.isObject()) {
            return new LlmResult.Unreadable("no choices[0].message");
        }
        JsonNode content = message.get("content");
        if (content == null || content.isNull() || (content.isTextual() && content.textValue().isBlank())) {
            return new LlmResult.EmptyContent();
        }
        return content.isTextual() ? new LlmResult.Answer(content.textValue())
                : new LlmResult.Unreadable("choices[0].message.content is not a string");
    }
}
