package how.mana.ai.bench;

import java.util.Map;

/**
 * The two ways the service can plan (issue 17), as the variables that choose them; everything else stays at its
 * default.
 */
enum Design {
    /** One full pass every {@code TICK_INTERVAL_MS} (60 s), the next only after the slowest mission finished. */
    TODAY(Map.of("MANA_AI_POLL_INTERVAL_MS", "0")),
    /** Continuous planning: the due query every {@code MANA_AI_POLL_INTERVAL_MS}, each mission as a slot frees. */
    CONTINUOUS(Map.of());

    private final Map<String, String> variables;

    Design(Map<String, String> variables) {
        this.variables = variables;
    }

    /** What an operator sets to choose this design. */
    Map<String, String> variables() {
        return variables;
    }

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
