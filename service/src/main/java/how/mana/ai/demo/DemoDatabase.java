package how.mana.ai.demo;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.DatabaseUrl;
import how.mana.ai.db.Database;
import how.mana.ai.db.Migrations;
import how.mana.ai.sync.SyncGeneration;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The demo's database, set up as production is: a fresh database with {@code sync_changes} exactly as mana-sync
 * installs it (forced row-level security), the {@code mana_ai} schema migrated by the administrator, and a login
 * role with neither superuser nor BYPASSRLS that is granted only what {@code migrate} grants. The service then
 * connects as that role, so the demo runs with the least privilege production has.
 *
 * @param adminUrl   the demo database as administrator (seeding, reading what was written)
 * @param serviceUrl the demo database as the service role
 */
public record DemoDatabase(String name, String serviceRole, DatabaseUrl adminUrl, DatabaseUrl serviceUrl) {
    public static final String DEFAULT_NAME = "mana_ai_demo";
    public static final String DEFAULT_SERVICE_ROLE = "mana_ai_demo_service";
    static final String URL_VARIABLE = "MANA_AI_DEMO_DATABASE_URL";
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    /** The server as administrator: {@code MANA_AI_DEMO_DATABASE_URL}, else the current OS user on 127.0.0.1:5432. */
    public static DatabaseUrl serverAdminUrl(Map<String, String> env) {
        return DatabaseUrl.localAdmin(env, URL_VARIABLE);
    }

    /**
     * Drops and recreates database {@code name}, installs {@code sync_changes}, creates or updates the login role
     * {@code serviceRole} (NOSUPERUSER NOBYPASSRLS, a fresh random password), migrates and grants.
     *
     * @throws SQLException when the server cannot be reached or refuses
     */
    public static DemoDatabase reset(DatabaseUrl serverAdmin, String name, String serviceRole,
                                     SyncGeneration generation) throws SQLException {
        requirePlain(name);
        requirePlain(serviceRole);
        String password = HexFormat.of().formatHex(randomBytes(16));
        try (Connection c = connect(serverAdmin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + serviceRole + "')"
                    + " THEN CREATE ROLE " + serviceRole + "; END IF; END $$");
            s.execute("ALTER ROLE " + serviceRole + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE"
                    + " PASSWORD '" + password + "'");
        }
        DatabaseUrl adminUrl = serverAdmin.withDatabase(name);
        try (HikariDataSource admin = Database.pool("demo-setup", adminUrl, 2, Duration.ZERO)) {
            try (Connection c = admin.getConnection()) {
                ManaSyncSchema.install(c, generation);
            }
            Migrations.administer(admin, Optional.of(serviceRole), true);
        }
        return new DemoDatabase(name, serviceRole, adminUrl, adminUrl.withUser(serviceRole, Optional.of(password)));
    }

    /** Removes the database and the role (the tests clean up with this). */
    public static void drop(DatabaseUrl serverAdmin, String name, String serviceRole) throws SQLException {
        requirePlain(name);
        requirePlain(serviceRole);
        try (Connection c = connect(serverAdmin); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + serviceRole);
        }
    }

    /** Where the demo database lives, for the report: host, port and name, never a password. */
    public String where() {
        return adminUrl.jdbcUrl().replaceFirst("^jdbc:postgresql://", "").replaceFirst("\\?.*$", "");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static void requirePlain(String identifier) {
        if (!PLAIN_NAME.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not a plain lower-case identifier: " + identifier);
        }
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p));
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }
}
