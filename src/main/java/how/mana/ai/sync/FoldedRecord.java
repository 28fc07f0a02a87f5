package how.mana.ai.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The current state of a record: every field's winning value (unknown fields included) and whether the winning
 * {@code deletedAt} is non-null.
 */
public record FoldedRecord(ObjectNode record, boolean deleted) {
}
