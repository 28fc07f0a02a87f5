package how.mana.ai.planner.llm;

/** Asks the model. Implementations never throw; every failure is a typed {@link LlmResult.Failure}. */
@FunctionalInterface
public interface LlmClient {

    /**
     * Starts one planning run: all its requests, every round and every retry, share one deadline
     * ({@code MANA_LLM_DEADLINE_MS}), which starts now.
     */
    LlmSession session();

    /** The requests of one run. */
    @FunctionalInterface
    interface LlmSession {
        LlmResult complete(CompletionRequest request);
    }
}
