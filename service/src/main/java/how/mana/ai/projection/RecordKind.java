package how.mana.ai.projection;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A kind of sync record the projection folds (SPEC §4): its rows are those of {@code appId}/{@code tableName}, and
 * its fold is kept in {@code mana_ai} under names derived from {@code name}, created by the kind's migration:
 * <ul>
 *   <li>{@code <name>_changes}: a security-barrier view of exactly those rows of {@code sync_changes}, owned by the
 *       migrating administrator (so the service reads every user's rows of this kind and nothing else);</li>
 *   <li>{@code <name>_fields}: the winning candidate per user, record and field;</li>
 *   <li>{@code <name>_snapshots}: one row per record ({@code user_id}, {@code <name>_id}, {@code deleted}, the
 *       {@code columns}), which queries filter on;</li>
 * </ul>
 * and a row of its own in {@code projection_cursor}. Every kind is folded by the same code with the same rules;
 * adding one is this declaration and its migration.
 *
 * @param columns the kind's snapshot columns besides {@code deleted}
 */
public record RecordKind(String name, String appId, String tableName, List<SnapshotColumn> columns) {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z_]{0,30}");

    public RecordKind {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a record kind's name is a lowercase SQL identifier: " + name);
        }
        columns = List.copyOf(columns);
    }

    public String changesView() {
        return "mana_ai." + name + "_changes";
    }

    public String fieldsTable() {
        return "mana_ai." + name + "_fields";
    }

    public String snapshotsTable() {
        return "mana_ai." + name + "_snapshots";
    }

    /** The record id's column in the fields and snapshot tables. */
    public String idColumn() {
        return name + "_id";
    }

    /** The fields whose winners decide the snapshot row: {@code deletedAt} and those of every column. */
    Set<String> decidingFields() {
        Set<String> fields = new HashSet<>(Set.of("deletedAt"));
        columns.forEach(column -> fields.addAll(column.fields()));
        return Set.copyOf(fields);
    }
}
