package how.mana.ai.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.db.UnexpectedRowCount;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Appends rows to {@code sync_changes} in the shape of its generation (SPEC §10.6): the stamps go into the
 * generation's stamp column, and {@code origin} is written where the table has it. Call it on a connection inside
 * {@link WithUser#run}: row-level security then refuses a row for any other user.
 */
public final class SyncChanges {
    /** The table's name, as errors and metrics give it. */
    public static final String TABLE = "sync_changes";
    /** The {@code client_id} of every row mana-ai writes. */
    public static final String CLIENT_ID = "mana-ai-runner";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SyncChanges() {
    }

    /** An {@code update} row of one record. */
    public record Update(String appId, String tableName, String recordId, String userId, ObjectNode data,
                         ObjectNode stamps, Actor actor) {
    }

    /**
     * @throws UnexpectedRowCount when the insert did not add exactly one row: it adds it or fails, unless a trigger or
     *                            rule on mana-sync's table drops it silently, and then the caller must not go on as if
     *                            it were written
     */
    public static void append(Connection c, SyncTable table, Update row) throws SQLException {
        String sql = """
                INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, %s, client_id,
                                          schema_version, actor%s)
                VALUES (?, ?, ?, ?, 'update', ?::jsonb, ?::jsonb, '%s', 1, ?::jsonb%s)"""
                .formatted(table.stampColumn(), table.writesOrigin() ? ", origin" : "", CLIENT_ID,
                        table.writesOrigin() ? ", ?" : "");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, row.appId());
            ps.setString(2, row.tableName());
            ps.setString(3, row.recordId());
            ps.setString(4, row.userId());
            ps.setString(5, json(row.data()));
            ps.setString(6, json(row.stamps()));
            ps.setString(7, json(row.actor().json()));
            if (table.writesOrigin()) {
                ps.setString(8, row.actor().origin());
            }
            UnexpectedRowCount.requireOne("appending a change", TABLE, ps.executeUpdate());
        }
    }

    private static String json(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }
}
