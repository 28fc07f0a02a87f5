package how.mana.ai.planner.llm;

import how.mana.ai.planner.prompt.ChatPrompt;

/** Asks the model for one answer. Implementations never throw; every failure is a typed {@link LlmResult.Failure}. */
@FunctionalInterface
public interface LlmClient {
    LlmResult complete(ChatPrompt prompt);
}
