package how.mana.ai.runs;

/**
 * A slot this process holds the lease on.
 *
 * @param failedAttempts how many earlier attempts at this slot failed
 */
public record Claim(SlotKey key, int failedAttempts) {
}
