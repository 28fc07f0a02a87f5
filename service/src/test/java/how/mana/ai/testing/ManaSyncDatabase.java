package how.mana.ai.testing;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.DatabaseUrl;
import how.mana.ai.db.Database;
import how.mana.ai.db.Migrations;
import how.mana.ai.demo.ManaSyncSchema;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.sync.SyncTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway database per test class on the local PostgreSQL, set up as production is: {@code sync_changes}
 * exactly as mana-sync installs it (forced row-level security), the {@code mana_ai} schema migrated by the
 * administrator, and a login role with neither superuser nor BYPASSRLS for the service, granted only what
 * {@code migrate} grants. Everything is dropped afterwards.
 *
 * <p>Use as {@code @RegisterExtension static final ManaSyncDatabase db = new ManaSyncDatabase();}. The admin URL
 * comes from {@code MANA_AI_TEST_DATABASE_URL}; by default 127.0.0.1:5432 as the current OS user.
 */
public final class ManaSyncDatabase implements BeforeAllCallback, AfterAllCallback {
    private final SyncGeneration generation;
    private final boolean migrate;
    private final String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private final String databaseName = "mana_ai_t_" + suffix;
    private final String roleName = "mana_ai_svc_" + suffix;
    private final List<HikariDataSource> pools = new ArrayList<>();
    private DatabaseUrl serverAdminUrl;
    private DatabaseUrl adminUrl;
    private DatabaseUrl serviceUrl;
    private HikariDataSource admin;
    private HikariDataSource service;

    /** A migrated database whose {@code sync_changes} is of generation 1 (mana-sync up to v0.3). */
    public ManaSyncDatabase() {
        this(SyncGeneration.ONE, true);
    }

    private ManaSyncDatabase(SyncGeneration generation, boolean migrate) {
        this.generation = generation;
        this.migrate = migrate;
    }

    /** A migrated database whose {@code sync_changes} is of {@code generation}, as that mana-sync creates it. */
    public static ManaSyncDatabase of(SyncGeneration generation) {
        return new ManaSyncDatabase(generation, true);
    }

    /** The database with {@code sync_changes} and the service role, but the {@code mana_ai} schema not yet created. */
    public static ManaSyncDatabase withoutMigrations() {
        return new ManaSyncDatabase(SyncGeneration.ONE, false);
    }

    /** The URL of the local server as administrator, from the environment or the default. */
    public static DatabaseUrl serverAdminUrl() {
        return DatabaseUrl.localAdmin(System.getenv(), "MANA_AI_TEST_DATABASE_URL");
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        serverAdminUrl = serverAdminUrl();
        try (Connection c = connect(serverAdminUrl); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + databaseName);
            s.execute("CREATE ROLE " + roleName + " LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE");
        }
        adminUrl = serverAdminUrl.withDatabase(databaseName);
        serviceUrl = adminUrl.withUser(roleName, Optional.empty());
        admin = track(Database.pool("test-admin", adminUrl, 4, Duration.ZERO));
        try (Connection c = admin.getConnection()) {
            ManaSyncSchema.install(c, generation);
        }
        if (migrate) {
            migrateAndGrant();
        }
        service = track(Database.pool("test-service", serviceUrl, 4, Duration.ZERO));
    }

    /**
     * Runs {@code migrate} as the administrator with the service role given, as an operator would: migrations,
     * grants and the mission-row index.
     */
    public void migrateAndGrant() throws SQLException {
        Migrations.administer(admin, Optional.of(roleName), true);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (HikariDataSource pool : pools) {
            pool.close();
        }
        try (Connection c = connect(serverAdminUrl); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + databaseName + " WITH (FORCE)");
            s.execute("DROP ROLE IF EXISTS " + roleName);
        }
    }

    public SyncGeneration generation() {
        return generation;
    }

    /** The shape of this database's {@code sync_changes}, as the service detects it. */
    public SyncTable syncTable() {
        return generation == SyncGeneration.ONE ? SyncTable.GENERATION_ONE : SyncTable.GENERATION_TWO;
    }

    /** Superuser pool on the test database: seeding and inspecting rows past RLS. */
    public DataSource admin() {
        return admin;
    }

    /** Pool connected as the least-privileged service role. */
    public DataSource service() {
        return service;
    }

    /** The mission projection as the service role (its rebuilds take their reading connection from the same pool). */
    public MissionProjection projection() {
        return new MissionProjection(service, service);
    }

    /** A further, independent pool as the service role, as another replica of the service would have. */
    public HikariDataSource newServicePool(String name, int size) {
        return track(Database.pool(name, serviceUrl, size, Duration.ZERO));
    }

    public DatabaseUrl adminUrl() {
        return adminUrl;
    }

    public DatabaseUrl serviceUrl() {
        return serviceUrl;
    }

    public String databaseName() {
        return databaseName;
    }

    public String roleName() {
        return roleName;
    }

    /** The service role's URL in the JDBC form {@code SYNC_DATABASE_URL} accepts, for a service started by a test. */
    public String serviceJdbcUrl() {
        return serviceUrl.jdbcUrl() + "?user=" + roleName;
    }

    /**
     * Inserts one change row as mana-sync would, bypassing RLS as administrator; returns its id. The stamps go into
     * the generation's stamp column.
     */
    public UUID insertChange(String userId, String appId, String tableName, String recordId, String op,
                             String dataJson, String stampsJson, Instant createdAt) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection c = admin.getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     INSERT INTO sync_changes (id, app_id, table_name, record_id, user_id, op, data,
                                               %s, client_id, created_at)
                     VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, COALESCE(?::jsonb, '{}'::jsonb), 'test-device',
                             COALESCE(?, now()))""".formatted(syncTable().stampColumn()))) {
            ps.setObject(1, id);
            ps.setString(2, appId);
            ps.setString(3, tableName);
            ps.setString(4, recordId);
            ps.setString(5, userId);
            ps.setString(6, op);
            ps.setString(7, dataJson);
            ps.setString(8, stampsJson);
            ps.setObject(9, createdAt == null ? null : OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
            ps.executeUpdate();
        }
        return id;
    }

    /**
     * A writer's transaction left open: an administrator's connection that has inserted one mission row and not
     * committed, so the row's created_at (the transaction's start) precedes every row written after it. The caller
     * commits or rolls back, and closes it.
     */
    public Connection openMissionInsert(String userId, String missionId, String dataJson) throws SQLException {
        Connection c = admin.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data)
                VALUES ('ai', 'aiMissions', ?, ?, 'insert', ?::jsonb)""")) {
            ps.setString(1, missionId);
            ps.setString(2, userId);
            ps.setString(3, dataJson);
            ps.executeUpdate();
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** A mission change row ({@code app_id='ai'}, {@code table_name='aiMissions'}). */
    public UUID insertMissionChange(String userId, String missionId, String op, String dataJson,
                                    String stampsJson, Instant createdAt) throws SQLException {
        return insertChange(userId, "ai", "aiMissions", missionId, op, dataJson, stampsJson, createdAt);
    }

    private HikariDataSource track(HikariDataSource pool) {
        pools.add(pool);
        return pool;
    }

    private static Connection connect(DatabaseUrl url) throws SQLException {
        Properties props = new Properties();
        url.user().ifPresent(u -> props.setProperty("user", u));
        url.password().ifPresent(p -> props.setProperty("password", p));
        return DriverManager.getConnection(url.jdbcUrl(), props);
    }
}
