package how.mana.ai.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Installs {@code sync_changes} exactly as mana-sync does (table, indexes, forced row-level security), for the
 * scratch databases of the demo, the benchmarks and the tests.
 */
public final class ManaSyncSchema {
    private ManaSyncSchema() {
    }

    public static void install(Connection adminConnection) throws SQLException {
        try (Statement s = adminConnection.createStatement()) {
            s.execute(sql());
        }
    }

    static String sql() {
        try (InputStream in = ManaSyncSchema.class.getResourceAsStream("mana-sync-schema.sql")) {
            if (in == null) {
                throw new IllegalStateException("mana-sync-schema.sql is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
