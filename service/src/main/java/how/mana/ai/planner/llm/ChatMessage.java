package how.mana.ai.planner.llm;

import java.util.List;

/** One message of a chat-completions conversation, as sent (SPEC §15.1). Mission text inside: debug logs only. */
public sealed interface ChatMessage {

    record SystemMessage(String content) implements ChatMessage {
    }

    record UserMessage(String content) implements ChatMessage {
    }

    /** A model turn as it goes back to the model: its text (null when it gave none) and the calls it made. */
    record AssistantMessage(String content, List<ToolCall> toolCalls) implements ChatMessage {
        public AssistantMessage {
            toolCalls = List.copyOf(toolCalls);
        }
    }

    /** The result of one tool call, answering the call with {@code toolCallId}. */
    record ToolMessage(String toolCallId, String content) implements ChatMessage {
    }
}
