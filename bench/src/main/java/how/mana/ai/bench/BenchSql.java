package how.mana.ai.bench;

import how.mana.ai.sync.SyncTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The benchmark's SQL, kept in resource files beside this class. {@code ${stamps}} in an insert's column list stands
 * for the stamp column of the scratch database's generation.
 */
final class BenchSql {
    private BenchSql() {
    }

    /** The statement with the stamp column of the table behind {@code c}. */
    static String load(String name, Connection c) throws SQLException {
        return load(name).replace("${stamps}", SyncTable.detect(c).stampColumn());
    }

    static String load(String name) {
        try (InputStream in = BenchSql.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
