package how.mana.ai.projection;

import java.util.Set;

/**
 * What a poll's refresh ({@link MissionProjection#refreshDeciding}) did.
 *
 * @param result  what it folded
 * @param records the records it folded whole: each is the fold of all its rows as of this refresh
 */
public record FoldedWhole(RefreshResult result, Set<RecordKey> records) {
    public FoldedWhole {
        records = Set.copyOf(records);
    }
}
