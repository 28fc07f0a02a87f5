package how.mana.ai.bench;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables an operator would set for a measured service (database as the least-privileged role, LLM URL,
 * concurrency, the v0.3 planner; everything else at its default), over this process's environment.
 */
final class ServiceEnvironment {
    private ServiceEnvironment() {
    }

    static Map<String, String> of(ProbeParams.Login service, String llmUrl, int concurrency) {
        Map<String, String> env = new HashMap<>(System.getenv());
        String credentials = "user=" + encode(service.user()) + "&password=" + encode(service.password());
        env.put("SYNC_DATABASE_URL", service.jdbcUrl() + (service.jdbcUrl().contains("?") ? "&" : "?") + credentials);
        env.put("MANA_LLM_URL", llmUrl);
        env.put("MANA_AI_CONCURRENCY", Integer.toString(concurrency));
        // One LLM request per mission, so the planned tick is judged against ⌈D/C⌉ × L (BENCHMARKS.md) and a slow
        // call is one slow mission; the tool-calling planner takes at least one round more per mission, which only
        // multiplies L.
        env.put("MANA_AI_PLANNER", "json");
        return env;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
