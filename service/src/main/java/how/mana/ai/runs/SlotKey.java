package how.mana.ai.runs;

import how.mana.ai.mission.Mission;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A due slot: the user, the mission and the {@code nextRunAt} text that made the mission due. At most one
 * iteration is ever written per slot.
 */
public record SlotKey(String userId, String missionId, String slot) {

    /** The slot that makes a due mission due now. */
    public static SlotKey of(Mission mission) {
        return new SlotKey(mission.userId(), mission.id(), mission.nextRunAtText().orElseThrow());
    }

    /**
     * The id of the iteration written for this slot. Derived from the slot, so a run repeated after a crash
     * recognises an iteration an earlier run already wrote.
     */
    public UUID iterationId() {
        String name = "mana-ai/iteration\u0000" + userId + "\u0000" + missionId + "\u0000" + slot;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "mission=" + missionId + " user=" + userId + " slot=" + slot;
    }
}
