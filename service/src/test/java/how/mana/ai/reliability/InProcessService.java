package how.mana.ai.reliability;

import how.mana.ai.app.Services;
import how.mana.ai.app.Wiring;
import how.mana.ai.config.Config;
import how.mana.ai.tick.Tick;
import java.util.Map;

/** The service's parts as {@code serve} wires them (real LLM client and planner), ticked by the test. */
record InProcessService(Services services, Tick tick) implements AutoCloseable {

    static InProcessService open(Map<String, String> env) {
        Services services = Services.open(Config.from(env));
        return new InProcessService(services, Wiring.tick(services));
    }

    Config config() {
        return services.config();
    }

    int activeConnections() {
        return services.database().getHikariPoolMXBean().getActiveConnections();
    }

    @Override
    public void close() {
        services.close();
    }
}
