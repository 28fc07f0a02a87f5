package how.mana.ai.app;

import how.mana.ai.http.Readiness;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ready}: the database answers {@code SELECT 1} within a short timeout and the migrations are done. Taking a
 * connection from the pool can block for the pool's whole connection timeout when the database is down, so the
 * probe runs on its own thread and the answer waits at most {@code timeout}; a probe still hanging is shared by the
 * next requests instead of starting another one, so a down database never piles up threads.
 */
final class DatabaseReadiness implements Readiness, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DatabaseReadiness.class);

    private final DataSource database;
    private final Duration timeout;
    private final ExecutorService prober = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("readiness-probe").daemon().factory());
    private volatile boolean migrated;
    private Future<Boolean> probe;

    DatabaseReadiness(DataSource database, Duration timeout) {
        this.database = database;
        this.timeout = timeout;
    }

    void markMigrated() {
        migrated = true;
    }

    @Override
    public Report check() {
        return Report.of(databaseAnswers(), migrated);
    }

    private boolean databaseAnswers() {
        try {
            return currentProbe().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized Future<Boolean> currentProbe() {
        if (probe == null || probe.isDone()) {
            probe = prober.submit(this::selectOne);
        }
        return probe;
    }

    private boolean selectOne() {
        try (Connection c = database.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
            s.execute("SELECT 1");
            return true;
        } catch (SQLException e) {
            log.atDebug().addKeyValue("reason", e.getMessage()).log("readiness probe failed");
            return false;
        }
    }

    @Override
    public void close() {
        prober.shutdownNow();
    }
}
