package how.mana.ai.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the {@code mana_ai} schema through Flyway. Migrations never touch {@code sync_changes}: that table belongs
 * to mana-sync (the one index mana-ai may add to it is {@link MissionRowIndex}'s, outside the migrations).
 * {@link #grantTo} is the administrator's step that gives the service role what it needs.
 */
public final class Migrations {
    public static final String SCHEMA = "mana_ai";
    /** How a migration marks a table the service role may only read: its comment starts with this. */
    static final String READ_ONLY_MARK = "read-only for the service:";
    /**
     * How a migration marks a table the service only ever appends to (a record of what it did, which the service
     * itself must not rewrite): its comment starts with this.
     */
    static final String APPEND_ONLY_MARK = "append-only for the service:";
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * The checksum Flyway recorded for V2 before V7 moved the mission view out of it (the view named
     * {@code field_timestamps}, which a generation-2 {@code sync_changes} lacks). The edit changed nothing V2 had
     * already done on such an installation, so that recorded checksum is realigned rather than refused.
     */
    static final int V2_CHECKSUM_BEFORE_V7 = -1871567947;

    /** Applies pending migrations; returns how many ran. */
    public static int migrate(DataSource dataSource) throws SQLException {
        realignEditedV2(dataSource);
        MigrateResult result = flyway(dataSource).migrate();
        if (result.migrationsExecuted > 0) {
            log.atInfo().addKeyValue("applied", result.migrationsExecuted)
                    .addKeyValue("schemaVersion", result.targetSchemaVersion)
                    .log("migrations applied");
        }
        return result.migrationsExecuted;
    }

    /**
     * Everything {@code migrate} does as an administrator: the migrations, then the service role's grants (when a
     * role is given), then the mission-row index on {@code sync_changes} (when wanted; {@link MissionRowIndex}).
     */
    public static void administer(DataSource admin, Optional<String> serviceRole, boolean createSyncIndex)
            throws SQLException {
        migrate(admin);
        if (serviceRole.isPresent()) {
            grantTo(admin, serviceRole.get());
        }
        if (createSyncIndex) {
            MissionRowIndex.ensure(admin);
        }
    }

    private static void realignEditedV2(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('" + SCHEMA + ".flyway_schema_history') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                return;
            }
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM " + SCHEMA + ".flyway_schema_history WHERE version = '2' AND checksum = ?")) {
            ps.setInt(1, V2_CHECKSUM_BEFORE_V7);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
            }
        }
        // Pending migrations (V7 and later) are expected here; any other finding than V2's checksum stops the repair.
        List<ValidateOutput> invalid = configure(dataSource).ignoreMigrationPatterns("*:pending").load()
                .validateWithResult().invalidMigrations;
        if (invalid.size() == 1 && "2".equals(invalid.get(0).version)) {
            flyway(dataSource).repair();
            log.atInfo().log("realigned the recorded checksum of V2, which V7 edited");
        }
    }

    /** True when the schema exists and no migration is pending. */
    public static boolean isUpToDate(DataSource dataSource) {
        var info = flyway(dataSource).info();
        return info.current() != null && info.pending().length == 0;
    }

    /**
     * Grants {@code role} exactly what the service needs: reading and appending {@code sync_changes} (RLS still
     * applies to it), using the {@code mana_ai} schema's tables (only reading and appending the append-only ones),
     * and executing its narrow functions. It never
     * changes the role's attributes nor the table's RLS settings.
     */
    public static void grantTo(DataSource adminDataSource, String role) throws SQLException {
        String quoted = quoteIdent(role);
        try (Connection c = adminDataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("GRANT SELECT, INSERT ON TABLE sync_changes TO " + quoted);
            s.execute("GRANT USAGE ON SCHEMA " + SCHEMA + " TO " + quoted);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + SCHEMA + " TO " + quoted);
            revokeWritesOnReadOnlyRelations(c, quoted);
            for (String table : markedTables(c, APPEND_ONLY_MARK)) {
                s.execute("REVOKE UPDATE, DELETE, TRUNCATE ON " + SCHEMA + "." + quoteIdent(table) + " FROM " + quoted);
            }
            s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + SCHEMA + " TO " + quoted);
            s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + SCHEMA + " TO " + quoted);
            c.commit();
        }
        log.atInfo().addKeyValue("role", role).log("granted the service role its privileges");
    }

    /**
     * Views of the schema are read-only windows (each reads one record kind's rows of every user with its owner's
     * rights): writing through them would bypass row-level security, so the service role may only read them. A
     * table whose migration marks it {@value #READ_ONLY_MARK} (its comment starts so) is read-only for the service
     * too, such as the list of record kinds that says which rows those windows show.
     */
    private static void revokeWritesOnReadOnlyRelations(Connection c, String quotedRole) throws SQLException {
        List<String> relations = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                WHERE n.nspname = ? AND (r.relkind = 'v' OR coalesce(obj_description(r.oid, 'pg_class'), '') LIKE ?)""")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, READ_ONLY_MARK + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    relations.add(rs.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String relation : relations) {
                s.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON " + SCHEMA + "." + quoteIdent(relation)
                        + " FROM " + quotedRole);
            }
        }
    }

    /** The tables of the schema whose comment starts with {@code mark}. */
    private static List<String> markedTables(Connection c, String mark) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT r.relname FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                WHERE n.nspname = ? AND r.relkind = 'r' AND coalesce(obj_description(r.oid, 'pg_class'), '') LIKE ?""")) {
            ps.setString(1, SCHEMA);
            ps.setString(2, mark + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
        }
        return tables;
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Flyway flyway(DataSource dataSource) {
        return configure(dataSource).load();
    }

    private static FluentConfiguration configure(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .placeholderReplacement(false);
    }
}
