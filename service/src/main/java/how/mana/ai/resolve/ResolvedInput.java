package how.mana.ai.resolve;

import java.util.List;

/**
 * A mission input as the prompt shows it: the record's title and a few detail lines (for a goal, its progress).
 * Values are plain text; the registry drops anything that is ciphertext before it can reach the prompt.
 */
public record ResolvedInput(String module, String table, String id, String title, List<String> details) {
    public ResolvedInput {
        details = List.copyOf(details);
    }
}
