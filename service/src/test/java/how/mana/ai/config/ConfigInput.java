package how.mana.ai.config;

import java.util.HashMap;
import java.util.Map;

/** Reads a {@link Config} from name/value pairs, as the tests of the settings give them. */
final class ConfigInput {
    private ConfigInput() {
    }

    static Config parse(String... keyValues) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return Config.from(env);
    }

    /** The start-up error the pairs cause; fails the test when they are accepted. */
    static String errorOf(String... keyValues) {
        try {
            parse(keyValues);
        } catch (ConfigException e) {
            return e.getMessage();
        }
        throw new AssertionError("no ConfigException for " + String.join(" ", keyValues));
    }
}
