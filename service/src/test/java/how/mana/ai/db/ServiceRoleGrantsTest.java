package how.mana.ai.db;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@code migrate} grants leaves the service role unable to change what only an administrator may. */
class ServiceRoleGrantsTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @ParameterizedTest
    @ValueSource(strings = {
            "UPDATE mana_ai.flyway_schema_history SET checksum = 0",
            "DELETE FROM mana_ai.record_kinds",
            "INSERT INTO mana_ai.mission_changes (id, app_id, table_name, record_id, user_id, op) "
                    + "VALUES (gen_random_uuid(), 'ai', 'aiMissions', 'm', 'u', 'insert')"})
    void theServiceRoleMayNotWrite(String statement) {
        assertThatThrownBy(() -> {
            try (Connection c = db.service().getConnection(); Statement s = c.createStatement()) {
                s.executeUpdate(statement);
            }
        }).isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
    }
}
