package how.mana.ai.runs;

import how.mana.ai.db.SlotCondition;
import how.mana.ai.db.UnexpectedRowCount;
import how.mana.ai.mission.AgentDecision;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The run slots in {@code mana_ai.run_slots}: PostgreSQL itself is the coordination between ticks and replicas.
 * A slot is claimed with a lease by one atomic upsert; a plan is written only in a transaction that still holds the
 * slot's row lock and lease, and that marks the slot finished in the same commit as the sync row. So a slot gets at
 * most one iteration, and a crashed run leaves it pending for the next claim once the lease runs out.
 */
public final class SlotStore {
    public static final String TABLE = "mana_ai.run_slots";
    /** The first key of the advisory locks per (user, agent); the two-key form never meets the one-key locks. */
    private static final int AGENT_LOCK_SPACE = 0x61676e74;
    private final DataSource dataSource;

    public SlotStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims the slot for {@code owner} when it is pending, its backoff has passed and nobody else holds a live
     * lease; creates it on first sight.
     *
     * @return the claim, or empty when the slot is finished, backing off or leased elsewhere
     */
    public Optional<Claim> claim(SlotKey key, String owner, Duration lease) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return claimOn(c, key, owner, lease, null);
        }
    }

    /**
     * Claims the slot of a mission of an agent within the agent's limits, decided and taken in one transaction
     * under a lock per (user, agent), so that replicas claiming at the same moment see each other's leases: refused
     * when {@code limit.maxConcurrent()} of that user's agent's other slots are leased now, or when the agent's last
     * 24 hours of usage reached its budget (checked in that order, SPEC §12.4). A claim carries the usage it read, so
     * the run's budget reminders start from it without reading it again.
     */
    public ClaimResult claim(SlotKey key, String owner, Duration lease, AgentLimit limit) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                ClaimResult result = claimWithin(c, key, owner, lease, limit);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private ClaimResult claimWithin(Connection c, SlotKey key, String owner, Duration lease, AgentLimit limit)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_advisory_xact_lock(" + AGENT_LOCK_SPACE + ", hashtext(? || '/' || ?))")) {
            ps.setString(1, key.userId());
            ps.setString(2, limit.agentId());
            ps.execute();
        }
        if (liveLeases(c, key, limit.agentId()) >= limit.maxConcurrent()) {
            return new ClaimResult.Refused(AgentDecision.SKIPPED_CONCURRENCY);
        }
        // Read only for an agent with a budget (SPEC §13.2).
        long used = limit.maxTokensPerDay().isPresent() ? limit.usage().of(c, key.userId(), limit.agentId()) : 0;
        if (limit.maxTokensPerDay().isPresent() && used >= limit.maxTokensPerDay().get()) {
            return new ClaimResult.Refused(AgentDecision.SKIPPED_BUDGET);
        }
        return claimOn(c, key, owner, lease, limit.agentId())
                .<ClaimResult>map(claim -> new ClaimResult.Claimed(claim, used))
                .orElseGet(ClaimResult.Unavailable::new);
    }

    /** The other slots of this user's agent that a run holds a live lease on. */
    private static int liveLeases(Connection c, SlotKey key, String agentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT count(*) FROM mana_ai.run_slots
                 WHERE user_id = ? AND agent_id = ? AND status = 'pending' AND lease_until >= now()
                   AND NOT (mission_id = ? AND slot = ?)""")) {
            ps.setString(1, key.userId());
            ps.setString(2, agentId);
            ps.setString(3, key.missionId());
            ps.setString(4, key.slot());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Optional<Claim> claimOn(Connection c, SlotKey key, String owner, Duration lease, String agentId)
            throws SQLException {
        String sql = """
                INSERT INTO mana_ai.run_slots (user_id, mission_id, slot, lease_owner, lease_until, agent_id)
                VALUES (?, ?, ?, ?, now() + ? * interval '1 millisecond', ?)
                ON CONFLICT (user_id, mission_id, slot) DO UPDATE
                   SET lease_owner = EXCLUDED.lease_owner, lease_until = EXCLUDED.lease_until,
                       agent_id = EXCLUDED.agent_id, updated_at = now()
                 WHERE run_slots.status = 'pending'
                   AND run_slots.next_attempt_at <= now()
                   AND (run_slots.lease_until IS NULL OR run_slots.lease_until < now())
                RETURNING attempts""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKey(ps, key);
            ps.setString(4, owner);
            ps.setLong(5, lease.toMillis());
            ps.setString(6, agentId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Claim(key, rs.getInt(1))) : Optional.empty();
            }
        }
    }

    /**
     * Records a failed attempt and gives the lease back, so the slot is tried again after {@code retryIn}. Does
     * nothing when {@code owner} no longer holds the slot (its lease ran out and another run took the slot over or
     * finished it): the slot's attempts are that run's to count now.
     *
     * @return whether the failure was recorded: false, with no row updated, when the lease was lost; the primary
     *         key allows no more than one
     */
    public boolean recordFailure(SlotKey key, String owner, String reason, Duration retryIn) throws SQLException {
        String sql = """
                UPDATE mana_ai.run_slots
                   SET attempts = attempts + 1, last_error = ?, lease_owner = NULL, lease_until = NULL,
                       next_attempt_at = now() + ? * interval '1 millisecond', updated_at = now()
                 WHERE user_id = ? AND mission_id = ? AND slot = ? AND status = 'pending' AND lease_owner = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, reason);
            ps.setLong(2, retryIn.toMillis());
            ps.setString(3, key.userId());
            ps.setString(4, key.missionId());
            ps.setString(5, key.slot());
            ps.setString(6, owner);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * Finishes a claimed slot without an iteration, so it is not claimed again until its mission's next run
     * changes (a new slot). Does nothing and returns false when {@code owner} no longer holds the slot.
     */
    public boolean skip(SlotKey key, String owner, String reason) throws SQLException {
        String sql = """
                UPDATE mana_ai.run_slots
                   SET status = 'skipped', last_error = ?, lease_owner = NULL, lease_until = NULL, updated_at = now()
                 WHERE user_id = ? AND mission_id = ? AND slot = ? AND status = 'pending' AND lease_owner = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, reason);
            ps.setString(2, key.userId());
            ps.setString(3, key.missionId());
            ps.setString(4, key.slot());
            ps.setString(5, owner);
            return ps.executeUpdate() == 1;
        }
    }

    /**
     * The heartbeat: extends {@code owner}'s leases on these slots to {@code lease} from now, in one statement. A slot
     * that is finished, or whose lease another run took over after it lapsed, is left alone: its run no longer holds
     * it, and the write-back's lock check refuses its write.
     *
     * @return how many leases were extended
     */
    public int renew(String owner, Duration lease, Collection<SlotKey> live) throws SQLException {
        String sql = """
                UPDATE mana_ai.run_slots s SET lease_until = now() + ? * interval '1 millisecond'
                  FROM unnest(?::text[], ?::text[], ?::text[]) AS live(user_id, mission_id, slot)
                 WHERE s.user_id = live.user_id AND s.mission_id = live.mission_id AND s.slot = live.slot
                   AND s.status = 'pending' AND s.lease_owner = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, lease.toMillis());
            bindKeys(c, ps, 2, live);
            ps.setString(5, owner);
            return ps.executeUpdate();
        }
    }

    /**
     * Gives a claimed slot back untouched: no attempt counted, no backoff, so any replica may claim it again on its
     * next pass (a mission waiting for its deep research). Does nothing and returns false when {@code owner} no
     * longer holds the slot.
     */
    public boolean release(SlotKey key, String owner) throws SQLException {
        return release(owner, List.of(key)) == 1;
    }

    /**
     * Gives {@code owner}'s leases on these slots back without counting an attempt (the run did not fail; the
     * process is stopping, say), so another replica may claim them at once. A run still going on afterwards can
     * neither write nor record a failure: it no longer holds the slot.
     *
     * @return how many leases were given back
     */
    public int release(String owner, Collection<SlotKey> slots) throws SQLException {
        String sql = """
                UPDATE mana_ai.run_slots s SET lease_owner = NULL, lease_until = NULL, updated_at = now()
                  FROM unnest(?::text[], ?::text[], ?::text[]) AS live(user_id, mission_id, slot)
                 WHERE s.user_id = live.user_id AND s.mission_id = live.mission_id AND s.slot = live.slot
                   AND s.status = 'pending' AND s.lease_owner = ?""";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bindKeys(c, ps, 1, slots);
            ps.setString(4, owner);
            return ps.executeUpdate();
        }
    }

    /**
     * The condition, for another package's query, that a slot cannot be claimed now: it is finished, waiting for its
     * retry backoff, or leased by a run in progress. A slot with no row yet can be claimed.
     */
    public static String unclaimable(String userId, String missionId, String slot) {
        return """
                EXISTS (SELECT 1 FROM mana_ai.run_slots run_slot
                        WHERE run_slot.user_id = %s AND run_slot.mission_id = %s AND run_slot.slot = %s
                          AND (run_slot.status <> 'pending' OR run_slot.next_attempt_at > now()
                               OR run_slot.lease_until >= now()))""".formatted(userId, missionId, slot);
    }

    /**
     * Deletes slots nobody needs any more: finished ones older than {@code keep}, and pending ones older than
     * {@code keep} that are no longer {@code current} (their mission was paused, rescheduled or deleted after a
     * failed attempt). A pruned slot cannot be planned twice: its mission is no longer due for it, and should it
     * become due for the very same slot again, the write-back finds the iteration already written.
     *
     * @param current whether a slot is still its mission's current due slot (the mission projection says)
     * @return how many slots were deleted
     */
    public int prune(Duration keep, SlotCondition current) throws SQLException {
        String sql = """
                DELETE FROM mana_ai.run_slots s
                 WHERE s.updated_at < now() - ? * interval '1 millisecond'
                   AND (s.status <> 'pending' OR NOT %s)""".formatted(current.sql("s.user_id", "s.mission_id", "s.slot"));
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, keep.toMillis());
            return ps.executeUpdate();
        }
    }

    /**
     * Inside the write-back transaction: locks the slot row and tells whether {@code owner} may still finish it.
     * False when another run finished it or took the lease over after this one's expired.
     */
    public static boolean lockIfOwned(Connection c, SlotKey key, String owner) throws SQLException {
        String sql = """
                SELECT status, lease_owner FROM mana_ai.run_slots
                 WHERE user_id = ? AND mission_id = ? AND slot = ? FOR UPDATE""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bindKey(ps, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && "pending".equals(rs.getString(1)) && owner.equals(rs.getString(2));
            }
        }
    }

    /**
     * Inside the write-back transaction, after {@link #lockIfOwned}: marks the slot finished, releasing the lease.
     *
     * @throws UnexpectedRowCount unless exactly the locked slot row was updated, so the transaction rolls back
     *                            rather than commit a write whose slot is not marked finished
     */
    public static void finish(Connection c, SlotKey key, SlotStatus status, UUID iterationId, String lastError)
            throws SQLException {
        String sql = """
                UPDATE mana_ai.run_slots
                   SET status = ?, iteration_id = ?, last_error = COALESCE(?, last_error),
                       attempts = attempts + CASE WHEN status = 'pending' AND ? THEN 1 ELSE 0 END,
                       lease_owner = NULL, lease_until = NULL, updated_at = now()
                 WHERE user_id = ? AND mission_id = ? AND slot = ?""";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status.dbValue());
            ps.setObject(2, iterationId);
            ps.setString(3, lastError);
            // The last attempt's failure is what a failed slot records; count it like the earlier ones.
            ps.setBoolean(4, status == SlotStatus.FAILED);
            ps.setString(5, key.userId());
            ps.setString(6, key.missionId());
            ps.setString(7, key.slot());
            UnexpectedRowCount.requireOne("marking the slot finished", TABLE, ps.executeUpdate());
        }
    }

    /** The keys as three text arrays (user, mission, slot) from parameter {@code first} on. */
    private static void bindKeys(Connection c, PreparedStatement ps, int first, Collection<SlotKey> keys)
            throws SQLException {
        ps.setArray(first, c.createArrayOf("text", keys.stream().map(SlotKey::userId).toArray()));
        ps.setArray(first + 1, c.createArrayOf("text", keys.stream().map(SlotKey::missionId).toArray()));
        ps.setArray(first + 2, c.createArrayOf("text", keys.stream().map(SlotKey::slot).toArray()));
    }

    private static void bindKey(PreparedStatement ps, SlotKey key) throws SQLException {
        ps.setString(1, key.userId());
        ps.setString(2, key.missionId());
        ps.setString(3, key.slot());
    }
}
