package how.mana.ai.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the current state of one record straight from {@code sync_changes}: all its rows, folded. Call it on a
 * connection inside {@link WithUser#run}: row-level security then limits it to that user's rows even if the
 * {@code userId} argument were wrong.
 */
public final class RecordHistory {
    private static final Logger log = LoggerFactory.getLogger(RecordHistory.class);
    private final SyncTableSource syncTable;

    public RecordHistory(SyncTableSource syncTable) {
        this.syncTable = syncTable;
    }

    /** The folded record, or empty when it has no (well-formed) rows. Malformed rows are logged and skipped. */
    public Optional<FoldedRecord> read(Connection c, String userId, String appId, String table, String recordId)
            throws SQLException {
        RecordFold fold = new RecordFold();
        String sql = "SELECT " + SyncRowReader.columns(syncTable.on(c), "c") + " FROM sync_changes c"
                + " WHERE c.user_id = ? AND c.app_id = ? AND c.table_name = ? AND c.record_id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userId);
            ps.setString(2, appId);
            ps.setString(3, table);
            ps.setString(4, recordId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fold.add(SyncRowReader.read(rs));
                }
            }
        }
        for (RowOffer.Malformed m : fold.malformed()) {
            log.atWarn().addKeyValue("user", userId).addKeyValue("app", appId).addKeyValue("table", table)
                    .addKeyValue("record", recordId).addKeyValue("row", m.row().id()).addKeyValue("reason", m.reason())
                    .log("malformed sync row skipped");
        }
        return fold.state().isEmpty() ? Optional.empty() : Optional.of(fold.state().current());
    }
}
