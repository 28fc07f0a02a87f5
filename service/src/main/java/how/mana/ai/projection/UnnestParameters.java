package how.mana.ai.projection;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Binds parallel columns as the arrays of an {@code unnest(?::type[], ...)} statement, in parameter order. The
 * columns are typed Java arrays ({@code String[]}, {@code Long[]}, ...) because pgjdbc sends those in binary:
 * a rebuild binds ≈ 1.2 M jsonb texts, and the text form escapes every quote in Java and unescapes it in
 * PostgreSQL.
 */
final class UnnestParameters {
    private UnnestParameters() {
    }

    /** One column: the PostgreSQL element type name and a value per row (null for SQL NULL). */
    record Column(String type, Object[] values) {
    }

    /** Arrays encoded for a statement's parameters, in order; any connection of the database can send them. */
    record Bound(Array[] arrays) {
        void bindTo(PreparedStatement ps) throws SQLException {
            for (int i = 0; i < arrays.length; i++) {
                ps.setArray(i + 1, arrays[i]);
            }
        }
    }

    static void bind(Connection c, PreparedStatement ps, Column... columns) throws SQLException {
        encode(c, columns).bindTo(ps);
    }

    /**
     * Encodes the columns with {@code c}'s encoder (the Java work of a statement's parameters), so that it can be
     * done apart from sending them: a rebuild encodes on its reading thread while the writing one executes.
     */
    static Bound encode(Connection c, Column... columns) throws SQLException {
        Array[] arrays = new Array[columns.length];
        for (int i = 0; i < columns.length; i++) {
            arrays[i] = c.createArrayOf(columns[i].type(), columns[i].values());
        }
        return new Bound(arrays);
    }

    static Column text(String[] values) {
        return new Column("text", values);
    }

    static Column int8(Long[] values) {
        return new Column("int8", values);
    }

    static Column int4(Integer[] values) {
        return new Column("int4", values);
    }

    static Column bool(Boolean[] values) {
        return new Column("bool", values);
    }
}
