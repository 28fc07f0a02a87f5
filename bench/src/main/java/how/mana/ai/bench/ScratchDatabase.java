package how.mana.ai.bench;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.DatabaseUrl;
import how.mana.ai.db.Database;
import how.mana.ai.demo.DemoDatabase;
import how.mana.ai.sync.SyncGeneration;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

/**
 * The benchmark's database {@value #NAME} on the local PostgreSQL, set up as production is (the demo's setup:
 * {@code sync_changes} as mana-sync installs it, the {@code mana_ai} schema migrated by the administrator, and a
 * least-privileged login role {@value #ROLE} granted what {@code migrate} grants). Resetting drops and recreates
 * that one database and nothing else.
 */
public final class ScratchDatabase implements AutoCloseable {
    public static final String NAME = "mana_ai_bench";
    public static final String ROLE = "mana_ai_bench_svc";
    /** Overrides the administrator's connection to the server (any database on it; the bench swaps in its own). */
    public static final String URL_VARIABLE = "MANA_AI_BENCH_DATABASE_URL";

    private final DemoDatabase database;
    private final HikariDataSource admin;

    private ScratchDatabase(DemoDatabase database, HikariDataSource admin) {
        this.database = database;
        this.admin = admin;
    }

    /** The administrator's URL of the server: {@value #URL_VARIABLE}, else 127.0.0.1:5432 as the OS user. */
    public static DatabaseUrl serverUrl(Map<String, String> env) {
        return DatabaseUrl.localAdmin(env, URL_VARIABLE);
    }

    /**
     * Drops and recreates {@value #NAME}, (re)creates the service role with a fresh password, installs
     * {@code sync_changes}, migrates and grants.
     *
     * @param adminPoolSize connections of the administrator's pool (the loaders plus one)
     */
    public static ScratchDatabase reset(DatabaseUrl server, int adminPoolSize, SyncGeneration generation)
            throws SQLException {
        return reset(server, NAME, ROLE, adminPoolSize, generation);
    }

    /**
     * As {@link #reset(DatabaseUrl, int, SyncGeneration)}, for database {@code name} and service role {@code role}:
     * the scenarios keep apart from {@value #NAME}, so a {@code bench} run elsewhere on the same server keeps its
     * database and its role's password.
     */
    public static ScratchDatabase reset(DatabaseUrl server, String name, String role, int adminPoolSize,
                                        SyncGeneration generation) throws SQLException {
        DemoDatabase database = DemoDatabase.reset(server, name, role, generation);
        return new ScratchDatabase(database,
                Database.pool("bench-admin", database.adminUrl(), adminPoolSize, Duration.ZERO));
    }

    /** Superuser pool on the scratch database, for loading and inspecting. */
    public HikariDataSource admin() {
        return admin;
    }

    /** The least-privileged login role the service under test connects as. */
    public String serviceRole() {
        return database.serviceRole();
    }

    public DatabaseUrl adminUrl() {
        return database.adminUrl();
    }

    /** Where the service under test connects: the scratch database as the least-privileged role. */
    public DatabaseUrl serviceUrl() {
        return database.serviceUrl();
    }

    @Override
    public void close() {
        admin.close();
    }
}
