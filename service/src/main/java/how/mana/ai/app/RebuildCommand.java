package how.mana.ai.app;

import how.mana.ai.config.Config;
import how.mana.ai.projection.RefreshResult;
import how.mana.ai.tick.FailureReason;
import java.io.PrintStream;

/**
 * {@code rebuild-snapshots}: throws the mission snapshot away and folds every mission row again, in one
 * transaction (readers see the old snapshot until it commits). Prints the counts as one JSON line on stdout.
 */
public final class RebuildCommand {
    private RebuildCommand() {
    }

    public static int run(Config config, PrintStream out, PrintStream err) {
        try (Services services = Services.open(config)) {
            Wiring.prepareDatabase(services);
            RefreshResult result = services.projection().rebuild();
            out.println(services.json().writeValueAsString(result));
            return 0;
        } catch (Exception e) {
            err.println("rebuild-snapshots failed: " + FailureReason.of(e));
            return 1;
        }
    }
}
