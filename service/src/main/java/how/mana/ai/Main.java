package how.mana.ai;

import how.mana.ai.app.MigrateCommand;
import how.mana.ai.app.RebuildCommand;
import how.mana.ai.app.ServeCommand;
import how.mana.ai.app.TickCommand;
import how.mana.ai.config.Config;
import how.mana.ai.config.ConfigException;
import how.mana.ai.demo.DemoCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * {@code java -jar mana-ai.jar [serve|tick|migrate|rebuild-snapshots|demo]}. Reads the configuration first: a bad value stops start-up
 * with one line naming the variable and exit code 2, before anything else happens.
 */
public final class Main {
    static final String USAGE = """
            usage: java -jar mana-ai.jar [command]
              serve    run the service: HTTP, migrations, the tick scheduler (default)
              tick     run the migrations and one tick; print its stats as JSON on stdout
              migrate  bring the mana_ai schema up to date (and grant MANA_AI_SERVICE_ROLE, when set)
              rebuild-snapshots  rebuild the mission snapshot from scratch; print the counts as JSON
              demo [--serve]  reset the local database mana_ai_demo, seed missions, run one tick, print a report
            The benchmark is a jar of its own: ./mana-ai bench [options] (see BENCHMARKS.md).""";

    private Main() {
    }

    public static void main(String[] args) {
        run(args, System.getenv(), System.out, System.err).ifPresent(System::exit);
    }

    /** The exit code, or empty when {@code serve} is running and the process lives on until a signal. */
    static OptionalInt run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String command = args.length == 0 ? "serve" : args[0];
        return switch (command) {
            case "serve" -> withConfig(env, err, config -> ServeCommand.run(config, err));
            case "tick" -> withConfig(env, err, config -> OptionalInt.of(TickCommand.run(config, out, err)));
            case "migrate" -> withConfig(env, err, config -> OptionalInt.of(MigrateCommand.run(config, err)));
            case "rebuild-snapshots" -> withConfig(env, err, config -> OptionalInt.of(RebuildCommand.run(config, out, err)));
            case "demo" -> DemoCommand.run(Arrays.copyOfRange(args, 1, args.length), env, out, err);
            case "help", "--help", "-h" -> {
                out.println(USAGE);
                yield OptionalInt.of(0);
            }
            default -> {
                err.println("unknown command \"" + command + "\"");
                err.println(USAGE);
                yield OptionalInt.of(2);
            }
        };
    }

    private static OptionalInt withConfig(Map<String, String> env, PrintStream err,
                                          Function<Config, OptionalInt> command) {
        Config config;
        try {
            config = Config.from(env);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return OptionalInt.of(2);
        }
        config.logging().install();
        config.logEffective();
        try {
            return command.apply(config);
        } catch (ConfigException e) {
            // A value only a library could check, when the command hands it over (say, an OTEL_* variable).
            err.println(e.getMessage());
            return OptionalInt.of(2);
        }
    }
}
