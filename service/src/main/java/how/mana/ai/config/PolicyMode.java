package how.mana.ai.config;

/** What a call whose arguments carry an injection marker gets ({@code POLICY_MODE}, SPEC §15.7, §21.9). */
public enum PolicyMode {
    /** Arguments are not searched. */
    OFF("off"),
    /** A hit is logged as a warning; the call is kept. */
    LOG_ONLY("log-only"),
    /** A hit is logged and the call rejected like an invalid one. */
    ENFORCE("enforce");

    private final String configName;

    PolicyMode(String configName) {
        this.configName = configName;
    }

    /** How {@code POLICY_MODE} spells it. */
    public String configName() {
        return configName;
    }
}
