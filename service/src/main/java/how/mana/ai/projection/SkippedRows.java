package how.mana.ai.projection;

import how.mana.ai.sync.RowOffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records malformed rows of any kind in {@code mana_ai.skipped_rows} so each is logged and counted once. */
final class SkippedRows {
    private static final Logger log = LoggerFactory.getLogger(SkippedRows.class);
    private static final String INSERT = """
            INSERT INTO mana_ai.skipped_rows (row_id, kind, user_id, record_id, reason)
            SELECT r::uuid, ?, u, m, why FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) AS t(r, u, m, why)
            ON CONFLICT (row_id) DO NOTHING
            RETURNING row_id::text""";

    private SkippedRows() {
    }

    /** Returns how many of the rows were not recorded before; those are logged. */
    static long record(Connection c, RecordKind kind, List<RowOffer.Malformed> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        Map<String, RowOffer.Malformed> byId = new LinkedHashMap<>();
        rows.forEach(m -> byId.put(m.row().id(), m));
        List<RowOffer.Malformed> distinct = List.copyOf(byId.values());
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, kind.name());
            ps.setArray(2, c.createArrayOf("text", distinct.stream().map(m -> m.row().id()).toArray()));
            ps.setArray(3, c.createArrayOf("text", distinct.stream().map(m -> m.row().userId()).toArray()));
            ps.setArray(4, c.createArrayOf("text", distinct.stream().map(m -> m.row().recordId()).toArray()));
            ps.setArray(5, c.createArrayOf("text", distinct.stream().map(RowOffer.Malformed::reason).toArray()));
            long fresh = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RowOffer.Malformed m = byId.get(rs.getString(1));
                    log.atWarn().addKeyValue("kind", kind.name()).addKeyValue("user", m.row().userId())
                            .addKeyValue(kind.name(), m.row().recordId())
                            .addKeyValue("row", m.row().id()).addKeyValue("reason", m.reason())
                            .log("malformed " + kind.name() + " row skipped");
                    fresh++;
                }
            }
            return fresh;
        }
    }
}
