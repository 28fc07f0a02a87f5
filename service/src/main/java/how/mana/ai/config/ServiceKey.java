package how.mana.ai.config;

/**
 * The key callers of {@code /internal/*} present and the bearer token sent to the LLM. A secret: its
 * {@link #toString} says only which kind of key is set, so no log line or message can print it.
 */
public record ServiceKey(String value) {
    /** The development key used when {@code MANA_SERVICE_KEY} is unset. */
    public static final ServiceKey DEFAULT = new ServiceKey("dev-service-key");

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** {@code empty}, {@code default} or {@code set}; never the key. */
    @Override
    public String toString() {
        return value.isEmpty() ? "empty" : isDefault() ? "default" : "set";
    }
}
