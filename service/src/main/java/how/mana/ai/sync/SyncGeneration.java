package how.mana.ai.sync;

/**
 * The generation of mana-sync's {@code sync_changes} (SPEC §10.4): detected from the table, never configured.
 * It decides which column holds the per-field stamps and what a written row looks like (§10.6).
 */
public enum SyncGeneration {
    /** Up to v0.3: stamps in {@code field_timestamps}; rows written with {@code updatedAt} and the system actor. */
    ONE,
    /** Current: stamps in {@code field_meta}, an {@code origin} column, rows written under the AI actor. */
    TWO
}
