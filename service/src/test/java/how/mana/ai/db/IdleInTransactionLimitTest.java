package how.mana.ai.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A replica paused in the middle of a transaction (SIGSTOP, a frozen VM) keeps its socket open, and with it every
 * lock it holds — the refresh lock stops every other replica's refresh. The server ends such a session after
 * {@link Database#IDLE_IN_TRANSACTION_LIMIT}, so the others go on.
 */
class IdleInTransactionLimitTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    private static final long LOCK = 4_711_4242L;

    @Test
    void everyPoolOfTheServiceEndsSessionsLeftIdleInATransaction() throws Exception {
        try (HikariDataSource pool = Database.pool("limit-default", db.serviceUrl(), 1, Duration.ofSeconds(30));
             Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            assertThat(setting(s, "idle_in_transaction_session_timeout")).isEqualTo("1min");
            assertThat(setting(s, "statement_timeout")).isEqualTo("30s");
        }
    }

    @Test
    void aSessionPausedWhileHoldingALockLosesItAndTheLockIsFreeForTheOthers() throws Exception {
        try (HikariDataSource paused = Database.pool("limit-paused", db.serviceUrl(), 1, Duration.ZERO,
                Duration.ofSeconds(1))) {
            Connection holder = paused.getConnection();
            holder.setAutoCommit(false);
            try (Statement s = holder.createStatement()) {
                s.execute("SELECT pg_advisory_xact_lock(" + LOCK + ")");
            }
            assertThat(tryLock(db.service())).as("held by the open transaction").isFalse();

            // The holder now sends nothing, as a paused process would.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> tryLock(db.service()));

            assertThatThrownBy(() -> {
                try (Statement s = holder.createStatement()) {
                    s.execute("SELECT 1");
                }
            }).as("its session was ended: a late statement of the paused process fails").isInstanceOf(SQLException.class);
            holder.close();
        }
    }

    /** Whether another session can take the lock now (it gives it back at once: autocommit). */
    private static boolean tryLock(DataSource pool) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_try_advisory_xact_lock(" + LOCK + ")")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
