package how.mana.ai.projection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Function;

/**
 * A column of a record kind's snapshot table, derived from the folded record so that queries can filter and index
 * on it without assembling records.
 *
 * @param name    the column's name in the snapshot table
 * @param sqlType its PostgreSQL type; the value travels as text and is cast to it
 * @param fields  the record fields whose winners decide the value: a change of any other field leaves it alone
 * @param value   the value as text (null for SQL NULL), from a record holding at least {@code fields}
 */
public record SnapshotColumn(String name, String sqlType, Set<String> fields, Function<ObjectNode, String> value) {
    public SnapshotColumn {
        fields = Set.copyOf(fields);
    }
}
