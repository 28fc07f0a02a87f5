package how.mana.ai.config;

/** The language of the planner prompt; German is the product's language. */
public enum PromptLocale {
    DE,
    EN
}
