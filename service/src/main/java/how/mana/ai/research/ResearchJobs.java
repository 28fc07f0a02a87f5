package how.mana.ai.research;

import how.mana.ai.runs.SlotKey;
import how.mana.ai.sync.WithUser;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The deep-research jobs in {@code mana_ai.mission_research_jobs}, one row per mission, each statement in the
 * owner's RLS scope. The row's primary key is what keeps a job from being submitted twice for one slot: a
 * submission first {@link #reserve}s the row for its slot, and only the one reservation that changed the row may
 * submit.
 */
final class ResearchJobs {
    private final DataSource dataSource;

    ResearchJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    enum State {
        SUBMITTING, PENDING, DONE;

        String dbValue() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A mission's job row.
     *
     * @param slot   the slot it was submitted for
     * @param taskId the research service's id; empty until the submission was answered
     * @param age    how long ago it was reserved, by the database's clock
     */
    record Job(String slot, State state, Optional<String> taskId, Duration age) {
    }

    Optional<Job> find(String userId, String missionId) throws SQLException {
        return WithUser.run(dataSource, userId, c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT slot, state, task_id, (extract(epoch FROM now() - submitted_at) * 1000)::bigint
                      FROM mana_ai.mission_research_jobs
                     WHERE user_id = ? AND mission_id = ?""")) {
                ps.setString(1, userId);
                ps.setString(2, missionId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new Job(rs.getString(1),
                            State.valueOf(rs.getString(2).toUpperCase(java.util.Locale.ROOT)),
                            Optional.ofNullable(rs.getString(3)), Duration.ofMillis(rs.getLong(4))))
                            : Optional.empty();
                }
            }
        });
    }

    /**
     * Reserves the mission's row for a submission in {@code key}'s slot: inserts it, or takes over a row that is
     * not pending and belongs to another slot. Atomic, so of any number of runs reserving the same slot at once (on
     * any replica) exactly one succeeds, and a slot that was reserved once is never reserved again.
     *
     * @return whether this call reserved it (and may submit)
     */
    boolean reserve(SlotKey key) throws SQLException {
        String sql = """
                INSERT INTO mana_ai.mission_research_jobs AS j (user_id, mission_id, slot, state, provider_id)
                VALUES (?, ?, ?, 'submitting', '%s')
                ON CONFLICT (user_id, mission_id) DO UPDATE
                   SET slot = excluded.slot, state = 'submitting', task_id = NULL,
                       provider_id = excluded.provider_id, submitted_at = now(), last_polled_at = NULL
                 WHERE j.state <> 'pending' AND j.slot <> excluded.slot""".formatted(DeepResearchService.PROVIDER);
        return WithUser.run(dataSource, key.userId(), c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key.userId());
                ps.setString(2, key.missionId());
                ps.setString(3, key.slot());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /**
     * Records the task id of the job submitted for {@code key}'s slot.
     *
     * @return false when the reservation was meanwhile given up (another run found it interrupted): the job then
     *         runs unpolled, and is still the only one submitted for the slot
     */
    boolean submitted(SlotKey key, String taskId) throws SQLException {
        return WithUser.run(dataSource, key.userId(), c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE mana_ai.mission_research_jobs SET state = 'pending', task_id = ?
                     WHERE user_id = ? AND mission_id = ? AND slot = ? AND state = 'submitting'""")) {
                ps.setString(1, taskId);
                ps.setString(2, key.userId());
                ps.setString(3, key.missionId());
                ps.setString(4, key.slot());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** Notes a poll that found the job still running (or could not tell). */
    void polled(String userId, String missionId, Job job) throws SQLException {
        setWhere(userId, missionId, job, "last_polled_at = now()");
    }

    /** Marks the job ended; the row stays as the record that its slot had its submission. */
    void done(String userId, String missionId, Job job) throws SQLException {
        setWhere(userId, missionId, job, "state = 'done', last_polled_at = now()");
    }

    private void setWhere(String userId, String missionId, Job job, String assignments) throws SQLException {
        WithUser.run(dataSource, userId, c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE mana_ai.mission_research_jobs SET " + assignments
                    + " WHERE user_id = ? AND mission_id = ? AND slot = ? AND state = ?")) {
                ps.setString(1, userId);
                ps.setString(2, missionId);
                ps.setString(3, job.slot());
                ps.setString(4, job.state().dbValue());
                return ps.executeUpdate();
            }
        });
    }
}
