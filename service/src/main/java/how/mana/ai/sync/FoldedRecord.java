package how.mana.ai.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The current state of a record: every field's winning value (unknown fields included) and whether the winning
 * {@code deletedAt} is non-null.
 */
public record FoldedRecord(ObjectNode record, boolean deleted) {

    /** The record with its winning values; deleted when {@code deletedAt} holds anything but null. */
    public static FoldedRecord of(ObjectNode record) {
        JsonNode deletedAt = record.get("deletedAt");
        return new FoldedRecord(record, deletedAt != null && !deletedAt.isNull());
    }
}
