package how.mana.ai.config;

import java.util.Locale;
import java.util.Map;

/**
 * How the process logs: {@code LOG_FORMAT} and {@code LOG_LEVEL}, checked like every other variable. A level that
 * logback cannot read would silently become DEBUG, which logs prompts and model answers; here it is an error.
 */
public record Logging(LogFormat format, Level level) {

    /** The root log levels logback knows. */
    public enum Level { TRACE, DEBUG, INFO, WARN, ERROR, OFF }

    /**
     * @param defaultLevel the level when {@code LOG_LEVEL} is not set
     * @throws ConfigException naming the variable that is wrong
     */
    public static Logging from(Map<String, String> env, Level defaultLevel) {
        return from(new EnvReader(env), defaultLevel);
    }

    static Logging from(EnvReader r, Level defaultLevel) {
        return new Logging(r.enumValue("LOG_FORMAT", LogFormat.class, LogFormat.TEXT),
                r.enumValue("LOG_LEVEL", Level.class, defaultLevel));
    }

    /** Hands both to logback.xml; call it before the first logger exists. */
    public void install() {
        System.setProperty("LOG_FORMAT", format.name().toLowerCase(Locale.ROOT));
        System.setProperty("LOG_LEVEL", level.name());
    }
}
