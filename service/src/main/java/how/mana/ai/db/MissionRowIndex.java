package how.mana.ai.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one object mana-ai puts outside its schema: a partial index on {@code sync_changes (created_at)} covering
 * only mission rows. Every refresh reads "mission rows with {@code created_at >= watermark}", and none of the indexes
 * mana-sync creates serves that: without this one the read walks the index entries of every mission row ever written
 * (tens of milliseconds per million, growing with the table); with it the read costs what the new rows cost. Its
 * predicate keeps it small (about 21 MB per million mission rows) and leaves other apps' inserts untouched.
 *
 * <p>{@code migrate} creates it when run by a role that may (the table's owner or a superuser) unless
 * {@code MANA_AI_CREATE_SYNC_INDEX=false}; {@code CONCURRENTLY}, so mana-sync keeps writing meanwhile. The service
 * itself only looks for it and says when it is missing: correctness never depends on it.
 */
public final class MissionRowIndex {
    public static final String NAME = "sync_changes_ai_missions_created_idx";
    public static final String CREATE = "CREATE INDEX CONCURRENTLY IF NOT EXISTS " + NAME
            + " ON public.sync_changes (created_at) WHERE app_id = 'ai' AND table_name = 'aiMissions'";
    private static final Logger log = LoggerFactory.getLogger(MissionRowIndex.class);
    /**
     * Valid indexes of {@code sync_changes} that serve the read: leading with {@code created_at}, on every row or
     * with a predicate that names the mission table. Whatever their name: an operator may have made one already.
     */
    private static final String SERVING = """
            SELECT count(*) FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = 'public.sync_changes'::regclass AND i.indisvalid AND a.attname = 'created_at'
              AND (i.indpred IS NULL OR pg_get_expr(i.indpred, i.indrelid) LIKE '%aiMissions%')""";

    private MissionRowIndex() {
    }

    /** What {@link #ensure} did. */
    public enum Outcome { CREATED, ALREADY_SERVED, NOT_CREATED }

    /** True when some valid index serves the refresh's read of new mission rows. */
    public static boolean isServed(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(SERVING)) {
            rs.next();
            return rs.getLong(1) > 0;
        }
    }

    /**
     * Looks for a serving index as the service starts and warns, with the fix, when there is none.
     *
     * @return whether one serves
     */
    public static boolean checkServed(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean served = isServed(c);
            if (!served) {
                log.atWarn().addKeyValue("index", NAME)
                        .log("no index serves new mission rows by created_at: each refresh walks the index entries of"
                                + " every mission row; run `migrate` as an administrator (or see OPERATIONS.md,"
                                + " the mission-row index)");
            }
            return served;
        }
    }

    /**
     * Creates the index unless one serves already. An invalid leftover of an interrupted concurrent build is
     * dropped and built again. Waits, as {@code CREATE INDEX CONCURRENTLY} does, for transactions already writing
     * {@code sync_changes} to end; no statement timeout applies to it.
     */
    public static Outcome ensure(DataSource admin) throws SQLException {
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            if (isServed(c)) {
                return Outcome.ALREADY_SERVED;
            }
            if (!mayCreate(c)) {
                log.atWarn().addKeyValue("index", NAME).addKeyValue("sql", CREATE)
                        .log("not creating the mission-row index: this role neither owns sync_changes nor is a"
                                + " superuser; refreshes stay correct but their read grows with the table");
                return Outcome.NOT_CREATED;
            }
            String timeout = show(s, "statement_timeout");
            s.execute("SET statement_timeout = 0");
            try {
                if (isInvalidLeftover(s)) {
                    s.execute("DROP INDEX CONCURRENTLY public." + NAME);
                }
                log.atInfo().addKeyValue("index", NAME)
                        .log("creating the mission-row index on sync_changes (concurrently; waits for open writes)");
                s.execute(CREATE);
            } finally {
                s.execute("SET statement_timeout = '" + timeout + "'");
            }
            if (!isServed(c)) {
                // IF NOT EXISTS met an index of this name that is not ours: leave it, and say so.
                log.atWarn().addKeyValue("index", NAME)
                        .log("an index of this name exists on sync_changes but does not serve mission rows by"
                                + " created_at; drop or rename it and run migrate again");
                return Outcome.NOT_CREATED;
            }
            log.atInfo().addKeyValue("index", NAME).log("mission-row index created");
            return Outcome.CREATED;
        }
    }

    /** An index of our name that an interrupted {@code CREATE INDEX CONCURRENTLY} left invalid. */
    private static boolean isInvalidLeftover(Statement s) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT NOT indisvalid FROM pg_index"
                + " WHERE indexrelid = to_regclass('public." + NAME + "')")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static boolean mayCreate(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class"
                        + " WHERE oid = 'public.sync_changes'::regclass")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String show(Statement s, String setting) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
