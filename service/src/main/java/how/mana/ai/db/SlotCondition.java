package how.mana.ai.db;

/**
 * A SQL condition about a run slot — (user id, mission id, slot) given as column expressions of the caller's query
 * — written by the package that owns the table the condition reads. It is how a query of one package asks about
 * another package's table without naming it: the due query asks {@code runs} whether a slot can be claimed, slot
 * pruning asks {@code projection} whether a slot is still its mission's current one.
 */
@FunctionalInterface
public interface SlotCondition {
    /** A boolean SQL expression over the three column expressions (trusted SQL, never user input). */
    String sql(String userId, String missionId, String slot);
}
