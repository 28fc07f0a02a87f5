package how.mana.ai.planner.llm;

/**
 * Tokens a provider reported for one answer, or summed over a run (SPEC §13.1, §15.5). An answer without
 * {@code usage} counts as zero.
 */
public record TokenUsage(long promptTokens, long completionTokens) {
    public static final TokenUsage NONE = new TokenUsage(0, 0);

    /** Prompt plus completion tokens: what a run spent (the provider's {@code total_tokens} is never used). */
    public long total() {
        return promptTokens + completionTokens;
    }

    public TokenUsage plus(TokenUsage other) {
        return new TokenUsage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
