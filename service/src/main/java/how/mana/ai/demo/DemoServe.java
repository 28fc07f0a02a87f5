package how.mana.ai.demo;

import how.mana.ai.app.App;
import how.mana.ai.app.ServeCommand;
import how.mana.ai.app.Services;
import how.mana.ai.config.Config;
import how.mana.ai.config.ServiceKey;
import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code demo --serve}: after the demo's tick, the real service keeps running on the demo data (with the offline
 * planner, when it is the one in use) until SIGTERM or SIGINT, and the endpoints to try are printed.
 */
final class DemoServe {
    private DemoServe() {
    }

    /** Empty while the service runs (the JVM lives until a signal); 1 when it cannot start. */
    static OptionalInt start(Services services, Config config, PrintStream out, PrintStream err) {
        Optional<App> started = ServeCommand.startUntilSignal(services, "demo", err);
        if (started.isEmpty()) {
            return OptionalInt.of(1);
        }
        App app = started.get();
        String base = "http://127.0.0.1:" + app.port();
        // The dev key is printed as is; any other key is the operator's secret and is left to their shell.
        String keyHeader = config.http().serviceKey().isDefault()
                ? "-H 'X-Service-Key: " + ServiceKey.DEFAULT.value() + "'" : "-H \"X-Service-Key: $MANA_SERVICE_KEY\"";
        out.println();
        out.println("serving the demo data on " + base + " (tick every " + config.tick().interval().toSeconds()
                + " s: " + (config.tick().enabled() ? "on" : "off") + "); Ctrl-C stops it. Try:");
        out.println("  curl -s " + base + "/health");
        out.println("  curl -s " + base + "/ready");
        out.println("  curl -s " + keyHeader + " " + base + "/internal/missions/" + DemoData.ANNA);
        out.println("  curl -s -X POST " + keyHeader + " " + base + "/internal/tick");
        out.println("  curl -s " + base + "/metrics | grep '^mana_ai_'");
        out.flush();
        return OptionalInt.empty();
    }
}
