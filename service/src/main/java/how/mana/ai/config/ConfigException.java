package how.mana.ai.config;

/** A configuration value that is missing or malformed; the message names the variable and is shown as is. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
