package how.mana.ai.config;

/** The language of the planner prompt and of what the service writes for the user; German is the product's. */
public enum PromptLocale {
    DE("(verschlüsselt)"),
    EN("(encrypted)");

    private final String encryptedPlaceholder;

    PromptLocale(String encryptedPlaceholder) {
        this.encryptedPlaceholder = encryptedPlaceholder;
    }

    /** What stands in for an encrypted value wherever the service would otherwise show it (SPEC §21.2). */
    public String encryptedPlaceholder() {
        return encryptedPlaceholder;
    }
}
