package how.mana.ai.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import how.mana.ai.sync.SyncGeneration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Installs {@code sync_changes} exactly as mana-sync of a generation does (table, indexes, forced row-level security
 * and its policies), for the scratch databases of the demo, the benchmarks and the tests.
 */
public final class ManaSyncSchema {
    private ManaSyncSchema() {
    }

    public static void install(Connection adminConnection, SyncGeneration generation) throws SQLException {
        try (Statement s = adminConnection.createStatement()) {
            s.execute(sql(generation));
        }
    }

    static String sql(SyncGeneration generation) {
        String name = "mana-sync-schema-" + (generation.ordinal() + 1) + ".sql";
        try (InputStream in = ManaSyncSchema.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
