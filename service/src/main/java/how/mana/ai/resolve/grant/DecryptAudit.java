package how.mana.ai.resolve.grant;

import how.mana.ai.mission.IsoTime;
import how.mana.ai.sync.WithUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * {@code mana_ai.decrypt_audit} (SPEC §17): one row for every attempt to read a granted record, appended and read
 * only inside the owner's RLS scope (its policy admits a row only to the user it names), so a user sees their own
 * rows and nobody else's. Append-only: the service role may not update or delete it.
 */
public final class DecryptAudit {
    private static final String INSERT = """
            INSERT INTO mana_ai.decrypt_audit (user_id, mission_id, table_name, record_id, status, reason, ts)
            VALUES (?, ?, ?, ?, ?, ?, ?)""";
    private static final String RECENT = """
            SELECT id, mission_id, iteration_id, table_name, record_id, status, reason, ts
            FROM mana_ai.decrypt_audit
            WHERE user_id = ?%s
            ORDER BY ts DESC, id DESC
            LIMIT ?""";

    private final DataSource dataSource;
    private final Clock clock;

    public DecryptAudit(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Appends {@code entry} on {@code c}, which must be inside {@link WithUser#run} for the entry's user. */
    void append(Connection c, AuditEntry entry) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, entry.userId());
            ps.setString(2, entry.missionId());
            ps.setString(3, entry.tableName());
            ps.setString(4, entry.recordId());
            ps.setString(5, entry.status().column());
            ps.setString(6, entry.reason().orElse(null));
            ps.setObject(7, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            ps.executeUpdate();
        }
    }

    /** Appends {@code entry} in a transaction of its own, in its user's scope. */
    void append(AuditEntry entry) throws SQLException {
        WithUser.run(dataSource, entry.userId(), c -> {
            append(c, entry);
            return null;
        });
    }

    /**
     * The user's newest rows first, of one mission or (empty) of all.
     *
     * @param limit at most this many, 1 or more
     */
    public List<AuditRow> recent(String userId, Optional<String> missionId, int limit) throws SQLException {
        return WithUser.run(dataSource, userId, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    RECENT.formatted(missionId.isPresent() ? " AND mission_id = ?" : ""))) {
                int p = 1;
                ps.setString(p++, userId);
                if (missionId.isPresent()) {
                    ps.setString(p++, missionId.get());
                }
                ps.setInt(p, limit);
                List<AuditRow> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(new AuditRow(Long.toString(rs.getLong(1)), rs.getString(2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                                IsoTime.format(rs.getObject(8, OffsetDateTime.class).toInstant())));
                    }
                }
                return rows;
            }
        });
    }
}
