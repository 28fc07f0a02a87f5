package how.mana.ai.planner.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI-compatible chat-completions wire format (SPEC §15.1): the request body, and the turn, finish reason and
 * usage of an answer. Pure.
 */
final class ChatEnvelope {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ChatEnvelope() {
    }

    /**
     * {@code {"model","messages",["tools","tool_choice":"auto"],"temperature","stream":false}}. Messages carry
     * {@code content} whenever they have one (an assistant turn that only calls tools sends {@code null}), assistant
     * calls as {@code tool_calls}, tool results their {@code tool_call_id}.
     */
    static byte[] request(String model, double temperature, CompletionRequest request) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        ArrayNode messages = body.putArray("messages");
        request.messages().forEach(m -> messages.add(message(m)));
        request.tools().ifPresent(tools -> {
            body.set("tools", tools);
            body.put("tool_choice", "auto");
        });
        body.put("temperature", temperature).put("stream", false);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private static ObjectNode message(ChatMessage message) {
        ObjectNode m = JSON.createObjectNode();
        switch (message) {
            case ChatMessage.SystemMessage system -> m.put("role", "system").put("content", system.content());
            case ChatMessage.UserMessage user -> m.put("role", "user").put("content", user.content());
            case ChatMessage.AssistantMessage assistant -> {
                m.put("role", "assistant").put("content", assistant.content());
                if (!assistant.toolCalls().isEmpty()) {
                    ArrayNode calls = m.putArray("tool_calls");
                    for (ToolCall call : assistant.toolCalls()) {
                        calls.addObject().put("id", call.id()).put("type", "function").putObject("function")
                                .put("name", call.name()).put("arguments", call.arguments());
                    }
                }
            }
            case ChatMessage.ToolMessage tool ->
                    m.put("role", "tool").put("tool_call_id", tool.toolCallId()).put("content", tool.content());
        }
        return m;
    }

    /** {@code choices[0]} of a 2xx body, or why it is not a chat completion. */
    static LlmResult answer(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            return new LlmResult.Unreadable("body is not JSON");
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        JsonNode message = choice == null ? null : choice.path("message");
        if (message == null || !message.isObject()) {
            return new LlmResult.Unreadable("no choices[0].message");
        }
        JsonNode content = message.get("content");
        if (content != null && !content.isNull() && !content.isTextual()) {
            return new LlmResult.Unreadable("choices[0].message.content is not a string");
        }
        JsonNode calls = message.get("tool_calls");
        if (calls != null && !calls.isNull() && !calls.isArray()) {
            return new LlmResult.Unreadable("choices[0].message.tool_calls is not an array");
        }
        List<ToolCall> toolCalls = new ArrayList<>();
        if (calls != null) {
            calls.forEach(call -> toolCalls.add(toolCall(call)));
        }
        return new LlmResult.Answer(content == null || content.isNull() ? null : content.textValue(), toolCalls,
                choice.path("finish_reason").asText(""), usage(root.path("usage")));
    }

    /** Leniently: a call missing its id, name or arguments is still one, for the planner to answer as invalid. */
    private static ToolCall toolCall(JsonNode call) {
        JsonNode function = call.path("function");
        JsonNode arguments = function.path("arguments");
        String argumentText;
        if (arguments.isTextual()) {
            argumentText = arguments.textValue();
        } else if (arguments.isContainerNode()) {
            try {
                argumentText = JSON.writeValueAsString(arguments);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a JSON tree always serialises", e);
            }
        } else {
            argumentText = "";
        }
        return new ToolCall(textOf(call.path("id")), textOf(function.path("name")), argumentText);
    }

    /** {@code prompt_tokens} and {@code completion_tokens}; anything missing or not a count is 0 (SPEC §15.5). */
    private static TokenUsage usage(JsonNode usage) {
        return new TokenUsage(count(usage.path("prompt_tokens")), count(usage.path("completion_tokens")));
    }

    private static long count(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong() && n.longValue() > 0 ? n.longValue() : 0;
    }

    private static String textOf(JsonNode n) {
        return n.isTextual() ? n.textValue() : "";
    }
}
