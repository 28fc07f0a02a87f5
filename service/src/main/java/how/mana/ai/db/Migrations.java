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
    /** Tables the service only ever appends to: a record of what it did, which the service itself must not rewrite. */
    private static final List<String> APPEND_ONLY_TABLES = List.of("decrypt_audit");
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
        defineRecordViews(admin);
        if (serviceRole.isPresent()) {
            grantTo(admin, serviceRole.get());
        }
        if (createSyncIndex) {
            MissionRowIndex.ensure(admin);
        }
    }

    /**
     * Defines the record views for the columns {@code sync_changes} has now (V7's {@code define_record_views()})
     * and returns its generation. Runs with the administrator's rights whoever calls it.
     */
    public static int defineRecordViews(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + SCHEMA + ".define_record_views()")) {
            rs.next();
            return rs.getInt(1);
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
        Flyway flyway = flyway(dataSource);
        List<ValidateOutput> invalid = flyway.validateWithResult().invalidMigrations;
        if (invalid.size() == 1 && "2".equals(invalid.get(0).version)) {
            flyway.repair();
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
            for (String table : APPEND_ONLY_TABLES) {
                s.execute("REVOKE UPDATE, DELETE, TRUNCATE ON " + SCHEMA + "." + table + " FROM " + quoted);
            }
            s.execute("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA " + SCHEMA + " TO " + quoted);
            s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + SCHEMA + " TO " + quoted);
            c.commit();
        }
        log.atInfo().addKeyValue("role", role).log("granted the service role its privileges");
    }

    /**
     * Views of the schema are read-only windows (each reads one record kind's rows of every user with its owner's
     * rights): writing through them would bypass row-level security, so the service role may only read them. The
     * list of record kinds says which rows those windows show, so the service role may only read it too.
     */
    private static void revokeWritesOnReadOnlyRelations(Connection c, String quotedRole) throws SQLException {
        List<String> views = new ArrayList<>(List.of("record_kinds"));
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT table_name FROM information_schema.views WHERE table_schema = ?")) {
            ps.setString(1, SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    views.add(rs.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String view : views) {
                s.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON " + SCHEMA + "." + quoteIdent(view)
                        + " FROM " + quotedRole);
            }
        }
    }

    static String quoteIdent(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static Flyway flyway(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .placeholderReplacement(false)
                .load();
    }
}
