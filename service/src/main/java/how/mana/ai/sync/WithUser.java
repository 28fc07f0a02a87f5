package how.mana.ai.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs work in a transaction scoped to one user: {@code app.current_user_id} is set transaction-locally first, so
 * the row-level security policy on {@code sync_changes} lets through only that user's rows.
 */
public final class WithUser {
    private WithUser() {
    }

    /**
     * @throws IllegalArgumentException for a null or empty user id, before any connection is taken
     */
    public static <T> T run(DataSource dataSource, String userId, SqlWork<T> work) throws SQLException {
        if (userId == null || userId.isEmpty()) {
            throw new IllegalArgumentException("refusing a per-user transaction without a user id");
        }
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('app.current_user_id', ?, true)")) {
                    ps.setString(1, userId);
                    ps.execute();
                }
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }
}
