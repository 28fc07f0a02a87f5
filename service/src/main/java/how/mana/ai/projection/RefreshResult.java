package how.mana.ai.projection;

/**
 * What one refresh (or rebuild) of a record kind's projection did.
 *
 * @param rowsRead         rows read, including rows re-read because the watermark overlaps
 * @param rowsFolded       rows that were well-formed and folded in
 * @param malformedSkipped malformed rows seen for the first time (a re-read one is not counted again)
 * @param recordsUpdated   snapshot rows inserted or changed
 */
public record RefreshResult(long rowsRead, long rowsFolded, long malformedSkipped, long recordsUpdated) {
}
