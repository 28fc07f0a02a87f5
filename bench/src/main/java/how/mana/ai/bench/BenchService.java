package how.mana.ai.bench;

import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.tick.Tick;
import how.mana.ai.tick.TickStats;
import java.time.Instant;

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
        Services services = Services.open(Config.from(ServiceEnvironment.of(params.service(), params.llmUrl(),
                params.concurrency())));
        try {
            Wiring.prepareDatabase(services);
            return new BenchService(services, services.projection(), Wiring.tick(services));
        } catch (Exception | Error e) {
            services.close();
            throw e;
        }
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
