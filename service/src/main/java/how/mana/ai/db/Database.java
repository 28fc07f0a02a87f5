package how.mana.ai.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.DatabaseUrl;
import java.time.Duration;

/** Opens connection pools. The pool never fails to open because the database is down: callers see errors per use. */
public final class Database {
    /**
     * How long a session of ours may sit in an open transaction without sending anything before the server ends it.
     * None of our transactions waits on anything slow (no LLM call runs inside one), so only a process that stopped
     * mid-transaction — paused (SIGSTOP, a VM freeze) rather than killed, which would close its socket — stays idle
     * this long; ending its session frees the locks it holds, above all the refresh lock every replica's refresh
     * waits for.
     */
    public static final Duration IDLE_IN_TRANSACTION_LIMIT = Duration.ofSeconds(60);

    private Database() {
    }

    /**
     * A pool on {@code url}.
     *
     * @param statementTimeout server-side limit for every statement; zero means none
     */
    public static HikariDataSource pool(String name, DatabaseUrl url, int size, Duration statementTimeout) {
        return pool(name, url, size, Math.min(2, size), statementTimeout, IDLE_IN_TRANSACTION_LIMIT);
    }

    /** As {@link #pool}, with another limit than {@link #IDLE_IN_TRANSACTION_LIMIT} (tests wait less). */
    public static HikariDataSource pool(String name, DatabaseUrl url, int size, Duration statementTimeout,
                                        Duration idleInTransactionLimit) {
        return pool(name, url, size, Math.min(2, size), statementTimeout, idleInTransactionLimit);
    }

    /** As {@link #pool}, but keeping no connection open while none is in use: for work that is rare. */
    public static HikariDataSource onDemandPool(String name, DatabaseUrl url, int size, Duration statementTimeout) {
        return pool(name, url, size, 0, statementTimeout, IDLE_IN_TRANSACTION_LIMIT);
    }

    private static HikariDataSource pool(String name, DatabaseUrl url, int size, int minimumIdle,
                                         Duration statementTimeout, Duration idleInTransactionLimit) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(name);
        hc.setJdbcUrl(url.jdbcUrl());
        url.user().ifPresent(hc::setUsername);
        url.password().ifPresent(hc::setPassword);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(minimumIdle);
        hc.setConnectionTimeout(10_000);
        hc.setValidationTimeout(3_000);
        // Start even when the database is unreachable; /ready reports it and every use retries.
        hc.setInitializationFailTimeout(-1);
        hc.addDataSourceProperty("ApplicationName", "mana-ai");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        // One statement: set_config takes text; '0' means no limit, as the settings themselves do.
        hc.setConnectionInitSql("SELECT set_config('statement_timeout', '" + statementTimeout.toMillis()
                + "', false), set_config('idle_in_transaction_session_timeout', '" + idleInTransactionLimit.toMillis()
                + "', false)");
        return new HikariDataSource(hc);
    }
}
