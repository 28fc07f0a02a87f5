package how.mana.ai.config;

/** How log events are printed on stderr. */
public enum LogFormat {
    TEXT,
    JSON
}
