package how.mana.ai.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the service reads from its environment, parsed and checked once at start-up.
 * The README's configuration table lists the same variables; keep the two in step.
 */
public record Config(
        int port,
        DatabaseUrl syncDatabase,
        int dbPoolSize,
        Duration dbStatementTimeout,
        Optional<String> serviceRole,
        boolean createSyncIndex,
        URI llmUrl,
        String serviceKey,
        String llmModel,
        double llmTemperature,
        Duration llmTimeout,
        Duration llmDeadline,
        int llmMaxResponseBytes,
        Duration tickInterval,
        boolean tickEnabled,
        int concurrency,
        int maxMissionsPerTick,
        ZoneId defaultTimezone,
        int maxAttempts,
        int maxPlanSteps,
        Duration retryBase,
        Duration retryMax,
        Optional<Path> toolsFile,
        PromptLocale promptLocale,
        Logging logging,
        Duration shutdownGrace) {

    public static final String DEFAULT_DATABASE_URL = "postgresql://mana:devpassword@localhost:5432/mana_sync";
    public static final String DEFAULT_SERVICE_KEY = "dev-service-key";
    private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

    /** The configuration of this process's environment. */
    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    /**
     * Parses and checks the given variables.
     *
     * @throws ConfigException naming the first variable that is wrong
     */
    public static Config from(Map<String, String> env) {
        EnvReader r = new EnvReader(env);

        boolean allowEmptyKey = r.bool("MANA_AI_ALLOW_EMPTY_SERVICE_KEY", false);
        String serviceKey;
        if (env.containsKey("MANA_SERVICE_KEY") && env.get("MANA_SERVICE_KEY").isBlank()) {
            if (!allowEmptyKey) {
                throw new ConfigException("MANA_SERVICE_KEY is empty: set a key, or set"
                        + " MANA_AI_ALLOW_EMPTY_SERVICE_KEY=true to run without one (local development only)");
            }
            serviceKey = "";
        } else {
            serviceKey = r.string("MANA_SERVICE_KEY", DEFAULT_SERVICE_KEY);
        }

        Optional<String> serviceRole = r.raw("MANA_AI_SERVICE_ROLE");
        serviceRole.ifPresent(role -> {
            if (!ROLE_NAME.matcher(role).matches()) {
                throw new ConfigException("MANA_AI_SERVICE_ROLE must be a plain PostgreSQL role name"
                        + " (letters, digits, _; at most 63), got " + EnvReader.quote(role));
            }
        });

        Duration llmTimeout = r.millis("MANA_LLM_TIMEOUT_MS", 60_000, 100, 3_600_000);
        Duration llmDeadline = r.millis("MANA_LLM_DEADLINE_MS", 180_000, 100, 3_600_000);
        if (llmDeadline.compareTo(llmTimeout) < 0) {
            throw new ConfigException("MANA_LLM_DEADLINE_MS (" + llmDeadline.toMillis()
                    + ") must not be shorter than MANA_LLM_TIMEOUT_MS (" + llmTimeout.toMillis() + ")");
        }
        Duration retryBase = r.millis("MANA_AI_RETRY_BASE_MS", 60_000, 0, 86_400_000);
        Duration retryMax = r.millis("MANA_AI_RETRY_MAX_MS", 3_600_000, 0, 604_800_000);
        if (retryMax.compareTo(retryBase) < 0) {
            throw new ConfigException("MANA_AI_RETRY_MAX_MS (" + retryMax.toMillis()
                    + ") must not be smaller than MANA_AI_RETRY_BASE_MS (" + retryBase.toMillis() + ")");
        }

        return new Config(
                r.integer("PORT", 3066, 1, 65535),
                r.databaseUrl("SYNC_DATABASE_URL", DEFAULT_DATABASE_URL),
                r.integer("MANA_AI_DB_POOL_SIZE", 10, 1, 200),
                r.millis("MANA_AI_DB_STATEMENT_TIMEOUT_MS", 30_000, 0, 3_600_000),
                serviceRole,
                r.bool("MANA_AI_CREATE_SYNC_INDEX", true),
                r.httpUrl("MANA_LLM_URL", "http://localhost:3020"),
                serviceKey,
                r.string("MANA_LLM_MODEL", "default"),
                r.decimal("MANA_LLM_TEMPERATURE", 0.3, 0.0, 2.0),
                llmTimeout,
                llmDeadline,
                r.integer("MANA_LLM_MAX_RESPONSE_BYTES", 1_048_576, 1024, 67_108_864),
                r.millis("TICK_INTERVAL_MS", 60_000, 1_000, 86_400_000),
                r.bool("TICK_ENABLED", true),
                r.integer("MANA_AI_CONCURRENCY", 8, 1, 1024),
                r.integer("MANA_AI_MAX_MISSIONS_PER_TICK", 2000, 1, 1_000_000),
                r.zone("MANA_AI_DEFAULT_TIMEZONE", "UTC"),
                r.integer("MANA_AI_MAX_ATTEMPTS", 5, 1, 100),
                r.integer("MANA_AI_MAX_PLAN_STEPS", 10, 1, 100),
                retryBase,
                retryMax,
                r.readableFile("MANA_AI_TOOLS_FILE"),
                r.enumValue("MANA_AI_PROMPT_LOCALE", PromptLocale.class, PromptLocale.DE),
                Logging.from(env, Logging.Level.INFO),
                r.millis("MANA_AI_SHUTDOWN_GRACE_MS", 30_000, 0, 600_000));
    }

    /**
     * How long a claimed slot stays leased to the replica planning it: the whole LLM deadline plus room for
     * the write, so a live replica never loses a slot it is still working on.
     */
    public Duration slotLease() {
        return llmDeadline.plus(Duration.ofMinutes(2));
    }

    /** Never prints the service key. */
    @Override
    public String toString() {
        return "Config[port=" + port + ", syncDatabase=" + syncDatabase + ", llmUrl=" + llmUrl
                + ", llmModel=" + llmModel + ", tickEnabled=" + tickEnabled + ", tickInterval=" + tickInterval
                + ", concurrency=" + concurrency + "]";
    }
}
