package how.mana.ai.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * The columns of {@code sync_changes} that mana-ai reads or writes and which differ between mana-sync's generations
 * (SPEC §10.1, §10.4), as found in the database at start-up. A column added later (an upgrade to generation 2 while
 * the service runs) is picked up by the next start.
 */
public record SyncTable(boolean hasFieldMeta, boolean hasFieldTimestamps, boolean hasOrigin) {
    private static final String COLUMNS = """
            SELECT a.attname FROM pg_attribute a
            WHERE a.attrelid = to_regclass('public.sync_changes') AND a.attnum > 0 AND NOT a.attisdropped""";

    public SyncTable {
        if (!hasFieldMeta && !hasFieldTimestamps) {
            throw new IllegalStateException(
                    "public.sync_changes has neither field_meta nor field_timestamps: is this a mana_sync database?");
        }
    }

    /** A generation-1 table as mana-sync v0.3 creates it. */
    public static final SyncTable GENERATION_ONE = new SyncTable(false, true, false);
    /** A generation-2 table as a current mana-sync creates it. */
    public static final SyncTable GENERATION_TWO = new SyncTable(true, false, true);

    /** @throws IllegalStateException when there is no {@code sync_changes} or it has no stamp column */
    public static SyncTable detect(Connection c) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMNS); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                columns.add(rs.getString(1));
            }
        }
        if (columns.isEmpty()) {
            throw new IllegalStateException("public.sync_changes does not exist: is this a mana_sync database?");
        }
        return new SyncTable(columns.contains("field_meta"), columns.contains("field_timestamps"),
                columns.contains("origin"));
    }

    public SyncGeneration generation() {
        return hasFieldMeta ? SyncGeneration.TWO : SyncGeneration.ONE;
    }

    /**
     * The SQL expression of a row's stamp map, the row aliased {@code alias}: {@code field_meta}, else
     * {@code field_timestamps}; when both columns exist, {@code field_meta} unless it is NULL or {@code {}}
     * (§10.4). {@code mana_ai.define_record_views()} applies the same rule to the projection's views.
     */
    public String stampsOf(String alias) {
        if (hasFieldMeta && hasFieldTimestamps) {
            return "CASE WHEN %1$s.field_meta IS NULL OR %1$s.field_meta = '{}'::jsonb THEN %1$s.field_timestamps"
                    .formatted(alias) + " ELSE %s.field_meta END".formatted(alias);
        }
        return alias + (hasFieldMeta ? ".field_meta" : ".field_timestamps");
    }

    /**
     * Whether a written row carries {@code origin}: on generation 2 when the column exists. A generation-1 table may
     * have gained the column from mana-sync's additive migrations; v0.3 rows there keep their shape (§10.6).
     */
    public boolean writesOrigin() {
        return hasFieldMeta && hasOrigin;
    }

    /** The column a written row's stamps go into. */
    public String stampColumn() {
        return hasFieldMeta ? "field_meta" : "field_timestamps";
    }
}
