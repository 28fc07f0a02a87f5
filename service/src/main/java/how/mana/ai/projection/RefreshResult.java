package how.mana.ai.projection;

/**
 * What one refresh (or rebuild) of a record kind's projection did.
 *
 * @param rowsRead         rows read, including rows re-read because the watermark overlaps
 * @param rowsFolded       rows that were well-formed and folded in
 * @param malformedSkipped malformed rows seen for the first time (a re-read one is not counted again)
 * @param recordsUpdated   snapshot rows inserted or changed
 * @param recordsCreated   of those, the rows inserted: records new to the projection (in a full fold, all of them)
 */
public record RefreshResult(long rowsRead, long rowsFolded, long malformedSkipped, long recordsUpdated,
                            long recordsCreated) {
    public static final RefreshResult NOTHING = new RefreshResult(0, 0, 0, 0, 0);

    /** Records that were in the projection already and changed. */
    public long recordsChanged() {
        return recordsUpdated - recordsCreated;
    }
}
