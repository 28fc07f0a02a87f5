package how.mana.ai.config;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The sync database and how the service uses it.
 *
 * @param serviceRole {@code migrate} only: the role to grant what the service needs
 * @param createSyncIndex {@code migrate} only: whether to add the mission-row index to {@code sync_changes}
 */
public record DatabaseConfig(
        DatabaseUrl url,
        int poolSize,
        Duration statementTimeout,
        Optional<String> serviceRole,
        boolean createSyncIndex) {

    private static final String DEFAULT_URL = "postgresql://mana:devpassword@localhost:5432/mana_sync";
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    static DatabaseConfig from(EnvReader r) {
        Optional<String> serviceRole = r.raw("MANA_AI_SERVICE_ROLE");
        serviceRole.ifPresent(role -> {
            if (!ROLE_NAME.matcher(role).matches()) {
                throw new ConfigException("MANA_AI_SERVICE_ROLE must be a plain PostgreSQL role name"
                        + " (letters, digits, _; at most 63), got " + EnvReader.quote(role));
            }
        });
        return new DatabaseConfig(
                r.databaseUrl("SYNC_DATABASE_URL", DEFAULT_URL),
                r.integer("MANA_AI_DB_POOL_SIZE", 10, 1, 200),
                r.millis("MANA_AI_DB_STATEMENT_TIMEOUT_MS", 30_000, 0, 3_600_000),
                serviceRole,
                r.bool("MANA_AI_CREATE_SYNC_INDEX", true));
    }
}
