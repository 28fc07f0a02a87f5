package how.mana.ai.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * Maps result rows to {@link SyncRow}. Queries select {@link #COLUMNS} from {@code sync_changes} or a view with its
 * column names. A {@code created_at} that is not finite ({@code infinity}) arrives as null, so that the fold can
 * reject the row instead of comparing a sentinel.
 */
public final class SyncRowReader {
    public static final String COLUMNS = "id::text, app_id, table_name, record_id, user_id, op, data::text,"
            + " field_timestamps::text, CASE WHEN isfinite(created_at) THEN created_at END AS created_at";

    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncRowReader() {
    }

    public static SyncRow read(ResultSet rs) throws SQLException {
        OffsetDateTime createdAt = rs.getObject(9, OffsetDateTime.class);
        return new SyncRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), json(rs.getString(7)), json(rs.getString(8)),
                createdAt == null ? null : createdAt.toInstant());
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
