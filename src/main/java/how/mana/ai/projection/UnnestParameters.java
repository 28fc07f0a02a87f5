package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Binds parallel columns as the arrays of an {@code unnest(?::type[], ...)} statement, in parameter order. */
final class UnnestParameters {
    private UnnestParameters() {
    }

    /** One column: the PostgreSQL element type name and a value per row (null for SQL NULL). */
    record Column(String type, Object[] values) {
    }

    static void bind(Connection c, PreparedStatement ps, Column... columns) throws SQLException {
        for (int i = 0; i < columns.length; i++) {
            ps.setArray(i + 1, c.createArrayOf(columns[i].type(), columns[i].values()));
        }
    }

    static Column text(Object[] values) {
        return new Column("text", values);
    }
}
