package how.mana.ai.app;

import ch.qos.logback.classic.LoggerContext;
import how.mana.ai.config.Config;
import how.mana.ai.tick.FailureReason;
import java.io.PrintStream;
import java.util.Optional;
import java.util.OptionalInt;
import org.slf4j.LoggerFactory;

/** {@code serve}: starts the service and leaves it running until SIGTERM or SIGINT. */
public final class ServeCommand {
    private ServeCommand() {
    }

    /** Empty when the service is up (the JVM then lives until a signal), else the exit code. */
    public static OptionalInt run(Config config, PrintStream err) {
        return startUntilSignal(Services.open(config), "serve", err).isPresent()
                ? OptionalInt.empty() : OptionalInt.of(1);
    }

    /**
     * Starts the service on {@code services} as production wires it, stopping gracefully (and flushing the logs) on
     * SIGTERM or SIGINT. On a start failure it closes {@code services}, prints one line prefixed with
     * {@code command} and returns empty.
     */
    public static Optional<App> startUntilSignal(Services services, String command, PrintStream err) {
        App app;
        try {
            app = App.start(services, Wiring.tick(services), Wiring.userMissions(services));
        } catch (RuntimeException e) {
            services.close();
            err.println(command + ": cannot start: " + FailureReason.of(e));
            return Optional.empty();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.shutdown();
            flushLogs();
        }, "shutdown"));
        return Optional.of(app);
    }

    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop();
        }
    }
}
