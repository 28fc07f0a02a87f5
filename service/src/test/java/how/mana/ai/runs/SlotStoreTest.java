package how.mana.ai.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.db.UnexpectedRowCount;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SlotStoreTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @BeforeEach
    void noSlots() throws Exception {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE mana_ai.run_slots");
        }
    }

    @Test
    void pruneDeletesOldFinishedSlotsAndOldPendingSlotsTheirMissionHasLeftAndNothingElse() throws Exception {
        db.insertMissionChange("u", "current", "insert",
                "{\"state\":\"active\",\"nextRunAt\":\"2026-01-01T00:00:00.000Z\"}", null, null);
        db.projection().refresh();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO mana_ai.run_slots (user_id, mission_id, slot, status, updated_at) VALUES
                      ('u', 'old-done', 'a', 'done', now() - interval '8 days'),
                      ('u', 'old-failed', 'a', 'failed', now() - interval '8 days'),
                      ('u', 'recent-done', 'a', 'done', now() - interval '1 day'),
                      ('u', 'current', '2026-01-01T00:00:00.000Z', 'pending', now() - interval '8 days'),
                      ('u', 'current', '2025-01-01T00:00:00.000Z', 'pending', now() - interval '8 days'),
                      ('u', 'moved-on-recently', 'a', 'pending', now() - interval '1 hour')""");
        }

        int pruned = new SlotStore(db.service()).prune(Duration.ofDays(7), MissionProjection::isCurrentSlot);

        assertThat(pruned).isEqualTo(3);
        assertThat(remaining()).containsExactlyInAnyOrder("recent-done/a", "current/2026-01-01T00:00:00.000Z",
                "moved-on-recently/a");
    }

    @Test
    void finishingASlotWhoseRowIsGoneIsAnErrorNamingTheTableAndTheCount() throws Exception {
        SlotKey gone = new SlotKey("u", "gone", "2026-01-01T00:00:00.000Z");
        try (Connection c = db.service().getConnection()) {
            assertThatThrownBy(() -> SlotStore.finish(c, gone, SlotStatus.DONE, gone.iterationId(), null))
                    .isInstanceOfSatisfying(UnexpectedRowCount.class, e -> {
                        assertThat(e.table()).isEqualTo("mana_ai.run_slots");
                        assertThat(e.actual()).isZero();
                    })
                    .hasMessage("marking the slot finished touched 0 rows of mana_ai.run_slots, expected exactly 1");
        }
    }

    @Test
    void aFailureIsRecordedOnlyByTheRunHoldingTheLease() throws Exception {
        SlotKey key = new SlotKey("u", "leased", "2026-01-01T00:00:00.000Z");
        SlotStore slots = new SlotStore(db.service());
        assertThat(slots.claim(key, "holder", Duration.ofMinutes(5))).isPresent();

        assertThat(slots.recordFailure(key, "lost-its-lease", "late", Duration.ZERO)).isFalse();
        assertThat(attempts(key)).isZero();
        assertThat(slots.recordFailure(key, "holder", "failed", Duration.ZERO)).isTrue();
        assertThat(attempts(key)).isEqualTo(1);
    }

    @Test
    void aHeartbeatExtendsOnlyTheLeasesItsOwnerStillHoldsOnPendingSlots() throws Exception {
        SlotStore slots = new SlotStore(db.service());
        SlotKey mine = new SlotKey("u", "mine", "2026-01-01T00:00:00.000Z");
        SlotKey takenOver = new SlotKey("u", "taken-over", "2026-01-01T00:00:00.000Z");
        SlotKey finished = new SlotKey("u", "finished", "2026-01-01T00:00:00.000Z");
        SlotKey notMine = new SlotKey("u", "not-mine", "2026-01-01T00:00:00.000Z");
        for (SlotKey key : List.of(mine, takenOver, finished)) {
            assertThat(slots.claim(key, "replica-a", Duration.ofSeconds(10))).isPresent();
        }
        assertThat(slots.claim(notMine, "replica-b", Duration.ofSeconds(10))).isPresent();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE mana_ai.run_slots SET lease_owner = 'replica-b' WHERE mission_id = 'taken-over'");
            s.execute("UPDATE mana_ai.run_slots SET status = 'done', lease_owner = NULL, lease_until = NULL"
                    + " WHERE mission_id = 'finished'");
        }

        int renewed = slots.renew("replica-a", Duration.ofHours(1), List.of(mine, takenOver, finished, notMine));

        assertThat(renewed).isEqualTo(1);
        assertThat(leaseSecondsLeft(mine)).as("renewed to an hour").isGreaterThan(3000);
        assertThat(leaseSecondsLeft(takenOver)).as("another run's lease").isLessThan(11);
        assertThat(leaseSecondsLeft(notMine)).as("another run's lease").isLessThan(11);
        assertThat(slots.renew("replica-a", Duration.ofHours(1), List.of())).as("nothing in flight").isZero();
    }

    @Test
    void aStoppingReplicaGivesAllItsLeasesBackInOneStatementAndNoOtherRunsLease() throws Exception {
        SlotStore slots = new SlotStore(db.service());
        SlotKey first = new SlotKey("u", "stopping-1", "2026-01-01T00:00:00.000Z");
        SlotKey second = new SlotKey("u", "stopping-2", "2026-01-01T00:00:00.000Z");
        SlotKey others = new SlotKey("u", "others", "2026-01-01T00:00:00.000Z");
        assertThat(slots.claim(first, "stopping-replica", Duration.ofMinutes(5))).isPresent();
        assertThat(slots.claim(second, "stopping-replica", Duration.ofMinutes(5))).isPresent();
        assertThat(slots.claim(others, "other-replica", Duration.ofMinutes(5))).isPresent();

        assertThat(slots.release("stopping-replica", List.of(first, second, others))).isEqualTo(2);

        assertThat(slots.claim(first, "other-replica", Duration.ofMinutes(5))).contains(new Claim(first, 0));
        assertThat(slots.claim(second, "other-replica", Duration.ofMinutes(5))).contains(new Claim(second, 0));
        assertThat(slots.claim(others, "stopping-replica", Duration.ofMinutes(5))).as("still another's").isEmpty();
    }

    private static double leaseSecondsLeft(SlotKey key) throws Exception {
        try (Connection c = db.admin().getConnection(); var ps = c.prepareStatement("""
                SELECT extract(epoch FROM lease_until - now()) FROM mana_ai.run_slots
                 WHERE user_id = ? AND mission_id = ? AND slot = ?""")) {
            ps.setString(1, key.userId());
            ps.setString(2, key.missionId());
            ps.setString(3, key.slot());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("slot row").isTrue();
                return rs.getDouble(1);
            }
        }
    }

    @Test
    void aReleasedSlotIsClaimableAtOnceWithNoAttemptCountedAndOnlyItsHolderMayReleaseIt() throws Exception {
        SlotKey key = new SlotKey("u", "waiting", "2026-01-01T00:00:00.000Z");
        SlotStore slots = new SlotStore(db.service());
        assertThat(slots.claim(key, "holder", Duration.ofMinutes(5))).isPresent();

        assertThat(slots.release(key, "lost-its-lease")).isFalse();
        assertThat(slots.claim(key, "other", Duration.ofMinutes(5))).as("still leased").isEmpty();
        assertThat(slots.release(key, "holder")).isTrue();
        assertThat(slots.release(key, "holder")).as("given back already").isFalse();

        assertThat(slots.claim(key, "other", Duration.ofMinutes(5))).contains(new Claim(key, 0));
        assertThat(attempts(key)).isZero();
    }

    private static int attempts(SlotKey key) throws Exception {
        try (Connection c = db.admin().getConnection(); var ps = c.prepareStatement(
                "SELECT attempts FROM mana_ai.run_slots WHERE user_id = ? AND mission_id = ? AND slot = ?")) {
            ps.setString(1, key.userId());
            ps.setString(2, key.missionId());
            ps.setString(3, key.slot());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("slot row").isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static List<String> remaining() throws Exception {
        List<String> slots = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT mission_id || '/' || slot FROM mana_ai.run_slots")) {
            while (rs.next()) {
                slots.add(rs.getString(1));
            }
        }
        return slots;
    }
}
