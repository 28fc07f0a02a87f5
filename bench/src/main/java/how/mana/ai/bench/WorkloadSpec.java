package how.mana.ai.bench;

import java.time.Instant;

/**
 * The shape of one generated workload. The same spec (seed and anchor included) always yields the same rows.
 *
 * @param users           mission owners; the other apps' rows are spread over the same users
 * @param missionsPerUser missions each user has
 * @param rowsPerMission  change rows per mission: one insert, then updates (the last may be a delete)
 * @param dueFraction     share of active, undeleted missions whose winning {@code nextRunAt} is before the anchor
 * @param otherMultiplier rows of other apps per mission row
 * @param anchor          the instant the workload is generated "at": every row is older, due means due at it
 */
public record WorkloadSpec(long seed, int users, int missionsPerUser, int rowsPerMission, double dueFraction,
                           int otherMultiplier, Instant anchor) {

    public WorkloadSpec {
        requirePositive("users", users);
        requirePositive("missions per user", missionsPerUser);
        requirePositive("rows per mission", rowsPerMission);
        if (!(dueFraction >= 0.0 && dueFraction <= 1.0)) {
            throw new IllegalArgumentException("due fraction must be between 0 and 1, got " + dueFraction);
        }
        if (otherMultiplier < 0) {
            throw new IllegalArgumentException("other-app multiplier must not be negative, got " + otherMultiplier);
        }
    }

    public long missions() {
        return (long) users * missionsPerUser;
    }

    /** Rows with {@code app_id='ai'}, {@code table_name='aiMissions'}: what "rows/s" counts. */
    public long missionRows() {
        return missions() * rowsPerMission;
    }

    public long otherRows() {
        return missionRows() * otherMultiplier;
    }

    /** The same workload with as many users as {@code missionRows} mission rows need (at least one). */
    public WorkloadSpec withMissionRows(long missionRows) {
        long perUser = (long) missionsPerUser * rowsPerMission;
        long wanted = Math.max(1, missionRows / perUser);
        if (wanted > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("too many users for " + missionRows + " mission rows");
        }
        return new WorkloadSpec(seed, (int) wanted, missionsPerUser, rowsPerMission, dueFraction, otherMultiplier,
                anchor);
    }

    /** The same workload generated at another instant. */
    public WorkloadSpec withAnchor(Instant newAnchor) {
        return new WorkloadSpec(seed, users, missionsPerUser, rowsPerMission, dueFraction, otherMultiplier, newAnchor);
    }

    private static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }
}
