package how.mana.ai.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import how.mana.ai.config.Config;
import how.mana.ai.tick.FailureReason;
import how.mana.ai.tick.TickOutcome;
import how.mana.ai.tick.TickRunner;
import java.io.PrintStream;

/**
 * {@code tick}: migrations, one tick, its stats as one JSON line on stdout. Exit 0 when the tick ran (missions that
 * failed are in the stats' {@code errors}), 1 with one line on stderr when it could not run at all.
 */
public final class TickCommand {
    private TickCommand() {
    }

    public static int run(Config config, PrintStream out, PrintStream err) {
        try (Services services = Services.open(config)) {
            try {
                Wiring.prepareDatabase(services);
            } catch (Exception e) {
                err.println("tick: cannot migrate the database: " + FailureReason.of(e));
                return 1;
            }
            TickRunner runner = new TickRunner(Wiring.tick(services), services.metrics(), services.clock());
            return switch (runner.run()) {
                case TickOutcome.Completed completed -> print(services, completed, out, err);
                case TickOutcome.Failed failed -> fail(err, "tick failed: " + failed.reason());
                // A fresh runner in a fresh process has nothing to overlap with and is not closed.
                case TickOutcome.OverlapSkipped skipped -> fail(err, "tick: skipped, another tick is running");
                case TickOutcome.ShuttingDown down -> fail(err, "tick: shutting down");
            };
        }
    }

    private static int print(Services services, TickOutcome.Completed completed, PrintStream out, PrintStream err) {
        try {
            out.println(services.json().writeValueAsString(completed.stats()));
            out.flush();
            return 0;
        } catch (JsonProcessingException e) {
            return fail(err, "tick: cannot write the stats: " + FailureReason.of(e));
        }
    }

    private static int fail(PrintStream err, String line) {
        err.println(line);
        return 1;
    }
}
