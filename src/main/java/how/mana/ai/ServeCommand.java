package how.mana.ai;

import ch.qos.logback.classic.LoggerContext;
import how.mana.ai.config.Config;
import how.mana.ai.tick.FailureReason;
import java.io.PrintStream;
import java.util.OptionalInt;
import org.slf4j.LoggerFactory;

/** {@code serve}: starts the service and leaves it running until SIGTERM or SIGINT. */
final class ServeCommand {
    private ServeCommand() {
    }

    /** Empty when the service is up (the JVM then lives until a signal), else the exit code. */
    static OptionalInt run(Config config, PrintStream err) {
        Services services = Services.open(config);
        App app;
        try {
            app = App.start(services, Wiring.tick(services), Wiring.userMissions(services));
        } catch (RuntimeException e) {
            services.close();
            err.println("serve: cannot start: " + FailureReason.of(e));
            return OptionalInt.of(1);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.shutdown();
            flushLogs();
        }, "shutdown"));
        return OptionalInt.empty();
    }

    private static void flushLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
            logback.stop();
        }
    }
}
