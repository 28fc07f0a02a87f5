package how.mana.ai.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.DatabaseUrl;
import java.time.Duration;

/** Opens connection pools. The pool never fails to open because the database is down: callers see errors per use. */
public final class Database {
    private Database() {
    }

    /**
     * A pool on {@code url}.
     *
     * @param statementTimeout server-side limit for every statement; zero means none
     */
    public static HikariDataSource pool(String name, DatabaseUrl url, int size, Duration statementTimeout) {
        return pool(name, url, size, Math.min(2, size), statementTimeout);
    }

    /** As {@link #pool}, but keeping no connection open while none is in use: for work that is rare. */
    public static HikariDataSource onDemandPool(String name, DatabaseUrl url, int size, Duration statementTimeout) {
        return pool(name, url, size, 0, statementTimeout);
    }

    private static HikariDataSource pool(String name, DatabaseUrl url, int size, int minimumIdle,
                                         Duration statementTimeout) {
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
        if (!statementTimeout.isZero()) {
            hc.setConnectionInitSql("SET statement_timeout = " + statementTimeout.toMillis());
        }
        return new HikariDataSource(hc);
    }
}
