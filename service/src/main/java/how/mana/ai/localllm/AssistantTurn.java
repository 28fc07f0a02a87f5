package how.mana.ai.localllm;

import java.util.List;

/**
 * A model turn a {@link LocalChatServer} answers with: text, function calls, or both, and the usage it reports.
 *
 * @param content          the message text; null for a turn that only calls
 * @param calls            the function calls; their {@code arguments} is the JSON text a model sends
 * @param promptTokens     reported as {@code usage.prompt_tokens}
 * @param completionTokens reported as {@code usage.completion_tokens}
 */
public record AssistantTurn(String content, List<Call> calls, long promptTokens, long completionTokens) {
    public AssistantTurn {
        calls = List.copyOf(calls);
    }

    /** One function call of the turn. */
    public record Call(String id, String name, String arguments) {
    }

    /** A turn that only calls, reporting no usage. */
    public static AssistantTurn calling(String content, List<Call> calls) {
        return new AssistantTurn(content, calls, 0, 0);
    }

    /** A turn with text and no calls, reporting no usage. */
    public static AssistantTurn saying(String content) {
        return new AssistantTurn(content, List.of(), 0, 0);
    }

    /** The same turn reporting this usage. */
    public AssistantTurn withUsage(long prompt, long completion) {
        return new AssistantTurn(content, calls, prompt, completion);
    }

    /** {@code tool_calls} when the turn calls, else {@code stop}. */
    public String finishReason() {
        return calls.isEmpty() ? "stop" : "tool_calls";
    }
}
