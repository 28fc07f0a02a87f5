package how.mana.ai.projection;

/** Identifies a record of one kind: record ids are unique only per user. */
public record RecordKey(String userId, String recordId) {
}
