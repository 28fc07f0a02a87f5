package how.mana.ai.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * Maps result rows to {@link SyncRow}. Queries select {@link #columns} from {@code sync_changes}, or
 * {@link #VIEW_COLUMNS} from a projection view (which names the stamp map {@code stamps}). A {@code created_at}
 * that is not finite ({@code infinity}) arrives as null, so that the fold can reject the row instead of comparing a
 * sentinel.
 */
public final class SyncRowReader {
    private static final String SELECT = "%1$s.id::text, %1$s.app_id, %1$s.table_name, %1$s.record_id, %1$s.user_id,"
            + " %1$s.op, %1$s.data::text, (%2$s)::text,"
            + " CASE WHEN isfinite(%1$s.created_at) THEN %1$s.created_at END AS created_at";
    /** The columns of a projection view's rows ({@code mana_ai.<kind>_changes}), unqualified. */
    public static final String VIEW_COLUMNS = "id::text, app_id, table_name, record_id, user_id, op, data::text,"
            + " stamps::text, CASE WHEN isfinite(created_at) THEN created_at END AS created_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncRowReader() {
    }

    /** The columns of {@code sync_changes} rows aliased {@code alias}, the stamp map read as {@code table} keeps it. */
    public static String columns(SyncTable table, String alias) {
        return SELECT.formatted(alias, table.stampsOf(alias));
    }

    public static SyncRow read(ResultSet rs) throws SQLException {
        return read(rs, json(rs.getString(7)), json(rs.getString(8)));
    }

    /**
     * As {@link #read}, but the nested objects and arrays of {@code data} and {@code field_timestamps} stay raw JSON
     * text ({@link ShallowJson}): for the snapshot refresh, which folds a row's top-level fields and writes the
     * winners back as text.
     */
    /** The current row's id, read before (or instead of) the rest of it. */
    public static String id(ResultSet rs) throws SQLException {
        return rs.getString(1);
    }

    /** The current row's {@code created_at}; null when it is not finite. */
    public static Instant createdAt(ResultSet rs) throws SQLException {
        OffsetDateTime createdAt = rs.getObject(9, OffsetDateTime.class);
        return createdAt == null ? null : createdAt.toInstant();
    }

    public static SyncRow readShallow(ResultSet rs) throws SQLException {
        try {
            return read(rs, ShallowJson.parse(rs.getString(7)), ShallowJson.parse(rs.getString(8)));
        } catch (IOException e) {
            throw new SQLException("jsonb column did not hold JSON", e);
        }
    }

    private static SyncRow read(ResultSet rs, JsonNode data, JsonNode fieldTimestamps) throws SQLException {
        return new SyncRow(id(rs), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), data, fieldTimestamps, createdAt(rs));
    }

    /** Parses jsonb text, which PostgreSQL guarantees is valid JSON. */
    public static JsonNode json(String text) throws SQLException {
        if (text == null) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SQLException("jsonb column did not hold JSON", e);
        }
    }
}
