package how.mana.ai.reliability;

import how.mana.ai.testing.ManaSyncDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/** Service environments for the reliability tests: the service role's database, a fake LLM, short limits. */
final class ServiceEnv {
    static final String KEY = "reliability-secret-key-7f3a9c";

    private ServiceEnv() {
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** {@code SYNC_DATABASE_URL} for the least-privileged service role, as an operator would write it. */
    static String serviceDatabaseUrl(ManaSyncDatabase db) {
        return db.serviceUrl().jdbcUrl() + "?user=" + db.roleName();
    }

    /**
     * An in-process service with LLM timeout 1 s and deadline 3 s, immediate retries of failed slots, a pool of
     * two and no scheduler (the tests tick themselves).
     */
    static Map<String, String> inProcess(ManaSyncDatabase db, URI llm) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(freePort()));
        env.put("SYNC_DATABASE_URL", serviceDatabaseUrl(db));
        env.put("MANA_LLM_URL", llm.toString());
        env.put("MANA_SERVICE_KEY", KEY);
        env.put("TICK_ENABLED", "false");
        env.put("MANA_AI_DB_POOL_SIZE", "2");
        env.put("MANA_LLM_TIMEOUT_MS", "1000");
        env.put("MANA_LLM_DEADLINE_MS", "3000");
        env.put("MANA_AI_RETRY_BASE_MS", "0");
        env.put("MANA_AI_RETRY_MAX_MS", "0");
        return env;
    }

    /**
     * A {@code serve} process of the soak: polling every 250 ms and ticking every two seconds, so polls and passes
     * meet often; leases of 4 s, so the heartbeat renews them and a killed replica's slots free up soon; short
     * backoff, a small bounded heap.
     */
    static Map<String, String> soakService(ManaSyncDatabase db, int port, URI llm) {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("SYNC_DATABASE_URL", serviceDatabaseUrl(db));
        env.put("MANA_LLM_URL", llm.toString());
        env.put("MANA_SERVICE_KEY", KEY);
        env.put("TICK_INTERVAL_MS", "2000");
        env.put("MANA_AI_POLL_INTERVAL_MS", "250");
        env.put("MANA_AI_SLOT_LEASE_MS", "4000");
        env.put("MANA_AI_DB_POOL_SIZE", "4");
        env.put("MANA_AI_CONCURRENCY", "4");
        env.put("MANA_LLM_TIMEOUT_MS", "5000");
        env.put("MANA_LLM_DEADLINE_MS", "15000");
        env.put("MANA_AI_RETRY_BASE_MS", "1000");
        env.put("MANA_AI_RETRY_MAX_MS", "4000");
        env.put("MANA_AI_MAX_ATTEMPTS", "3");
        env.put("LOG_FORMAT", "json");
        env.put("JAVA_TOOL_OPTIONS", "-Xmx256m");
        return env;
    }
}
