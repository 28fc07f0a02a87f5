package how.mana.ai.bench;

import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.tick.Tick;
import how.mana.ai.tick.TickStats;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The service under test, configured through {@link Config} from the variables an operator sets (database as the
 * least-privileged role, LLM URL, concurrency; everything else at its default) and put together by {@link Wiring}
 * exactly as {@code serve} does.
 */
final class BenchService implements ServiceUnderTest {
    private final Services services;
    private final MissionProjection projection;
    private final Tick tick;

    private BenchService(Services services, MissionProjection projection, Tick tick) {
        this.services = services;
        this.projection = projection;
        this.tick = tick;
    }

    static BenchService start(ProbeParams params) throws Exception {
        Services services = Services.open(Config.from(environment(params)));
        try {
            Wiring.prepareDatabase(services);
            return new BenchService(services, services.projection(), Wiring.tick(services));
        } catch (Exception | Error e) {
            services.close();
            throw e;
        }
    }

    /** The variables an operator would set for this run; the rest of the process environment passes through. */
    private static Map<String, String> environment(ProbeParams params) {
        Map<String, String> env = new HashMap<>(System.getenv());
        ProbeParams.Login service = params.service();
        String credentials = "user=" + encode(service.user()) + "&password=" + encode(service.password());
        env.put("SYNC_DATABASE_URL", service.jdbcUrl() + (service.jdbcUrl().contains("?") ? "&" : "?") + credentials);
        env.put("MANA_LLM_URL", params.llmUrl());
        env.put("MANA_AI_CONCURRENCY", Integer.toString(params.concurrency()));
        // One LLM request per mission, so the planned tick is judged against ⌈D/C⌉ × L (BENCHMARKS.md); the
        // tool-calling planner takes at least one round more per mission, which only multiplies L.
        env.put("MANA_AI_PLANNER", "json");
        return env;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void rebuildSnapshot() throws Exception {
        projection.rebuild();
    }

    @Override
    public void refreshSnapshot() throws Exception {
        projection.refresh();
    }

    @Override
    public int dueCount(Instant now) throws Exception {
        return projection.dueAt(now).missions().size();
    }

    @Override
    public TickStats tick() throws Exception {
        return tick.run();
    }

    @Override
    public void close() {
        services.close();
    }
}
