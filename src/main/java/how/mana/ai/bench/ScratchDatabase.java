package how.mana.ai.bench;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.DatabaseUrl;
import how.mana.ai.db.Database;
import how.mana.ai.db.Migrations;
import how.mana.ai.sync.ManaSyncSchema;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * The benchmark's database {@value #NAME} on the local PostgreSQL, set up as production is: {@code sync_changes}
 * as mana-sync installs it, the {@code mana_ai} schema migrated by the administrator, and a least-privileged login
 * role {@value #ROLE} (no superuser, no BYPASSRLS) granted what {@code migrate} grants. Resetting drops and recreates
 * that one database and nothing else.
 */
public final class ScratchDatabase implements AutoCloseable {
    public static final String NAME = "mana_ai_bench";
    public static final String ROLE = "mana_ai_bench_svc";
    /** Overrides the administrator's connection to the server (any database on it; the bench swaps in its own). */
    public static final String URL_VARIABLE = "MANA_AI_BENCH_DATABASE_URL";

    private final HikariDataSource admin;
    private final DatabaseUrl adminUrl;
    private final DatabaseUrl serviceUrl;

    private ScratchDatabase(HikariDataSource admin, DatabaseUrl adminUrl, DatabaseUrl serviceUrl) {
        this.admin = admin;
        this.adminUrl = adminUrl;
        this.serviceUrl = serviceUrl;
    }

    /** The administrator's URL of the server: {@value #URL_VARIABLE}, else 127.0.0.1:5432 as the OS user. */
    public static DatabaseUrl serverUrl(String configured) {
        if (configured != null && !configured.isBlank()) {
            return DatabaseUrl.parse(configured);
        }
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:5432/postgres",
                Optional.of(System.getProperty("user.name")), Optional.empty());
    }

    /**
     * Drops and recreates {@value #NAME}, (re)creates the service role with a fresh password, installs
     * {@code sync_changes}, migrates and grants.
     *
     * @param adminPoolSize connections of the administrator's pool (the loaders plus one)
     */
    public static ScratchDatabase reset(DatabaseUrl server, int adminPoolSize) throws SQLException {
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try (Connection c = connect(server); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + NAME + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + NAME);
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                    + " CREATE ROLE " + ROLE + "; END IF; END $$");
            s.execute("ALTER ROLE " + ROLE + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD '"
                    + password + "'");
        }
        DatabaseUrl adminUrl = server.withDatabase(NAME);
        HikariDataSource admin = Database.pool("bench-admin", adminUrl, adminPoolSize, Duration.ZERO);
        try (Connection c = admin.getConnection()) {
            ManaSyncSchema.install(c);
        }
        Migrations.migrate(admin);
        Migrations.grantTo(admin, ROLE);
        return new ScratchDatabase(admin, adminUrl, adminUrl.withUser(ROLE, Optional.of(password)));
    }

    /** Superuser pool on the scratch database, for loading and inspecting. */
    public HikariDataSource admin() {
        return admin;
    }

    public DatabaseUrl adminUrl() {
        return adminUrl;
    }

    /** Where the service under test connects: the scratch database as the least-privileged role. */
    public DatabaseUrl serviceUrl() {
        return serviceUrl;
    }

    @Override
    public void close() {
        admin.close();
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p));
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }
}
