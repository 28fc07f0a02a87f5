package how.mana.ai.config;

/** The HTTP API: where it listens and the key that guards {@code /internal/*} (also the LLM's bearer token). */
public record HttpConfig(int port, ServiceKey serviceKey) {

    static HttpConfig from(EnvReader r) {
        boolean allowEmptyKey = r.bool("MANA_AI_ALLOW_EMPTY_SERVICE_KEY", false);
        ServiceKey serviceKey;
        if (r.isSetButBlank("MANA_SERVICE_KEY")) {
            if (!allowEmptyKey) {
                throw new ConfigException("MANA_SERVICE_KEY is empty: set a key, or set"
                        + " MANA_AI_ALLOW_EMPTY_SERVICE_KEY=true to run without one (local development only)");
            }
            serviceKey = new ServiceKey("");
        } else {
            serviceKey = new ServiceKey(r.string("MANA_SERVICE_KEY", ServiceKey.DEFAULT.value()));
        }
        return new HttpConfig(r.integer("PORT", 3066, 1, 65535), serviceKey);
    }
}
