package how.mana.ai.mission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * An AI agent as the server acts on it (SPEC §12.1), read from its folded record. Fields the server ignores are
 * not kept.
 *
 * @param state                 {@code active}, {@code paused}, {@code archived}, or any other string (active)
 * @param maxConcurrentMissions how many of its missions may be planned at once: missing or null 1, a number as
 *                              given (0 or less: none), a non-numeric value unlimited ({@link Integer#MAX_VALUE}),
 *                              as JavaScript's {@code Number()} reads it upstream
 * @param maxTokensPerDay       the 24-hour budget, only when the value is a JSON number of at least 0
 * @param persona               {@code systemPrompt} when it is plaintext and not blank (§12.7), trimmed
 * @param memory                {@code memory} likewise
 */
public record Agent(String userId, String id, String name, String state, int maxConcurrentMissions,
                    Optional<Long> maxTokensPerDay, Optional<ToolPolicy> policy, Optional<String> persona,
                    Optional<String> memory) {
    /** The name of an agent whose record has none (§12.1). */
    public static final String UNNAMED = "Unnamed";

    /** The agent of a folded record, or empty when the record is deleted. */
    public static Optional<Agent> from(String userId, String id, ObjectNode record, boolean deleted) {
        if (deleted) {
            return Optional.empty();
        }
        JsonNode state = record.get("state");
        JsonNode budget = record.get("maxTokensPerDay");
        return Optional.of(new Agent(userId, id, text(record.get("name")).orElse(UNNAMED),
                state != null && state.isTextual() ? state.textValue() : "active",
                concurrency(record.get("maxConcurrentMissions")),
                budget != null && budget.isNumber() && budget.asDouble() >= 0
                        ? Optional.of((long) Math.floor(budget.asDouble())) : Optional.empty(),
                ToolPolicy.of(record.get("policy")), plaintext(record.get("systemPrompt")),
                plaintext(record.get("memory"))));
    }

    private static int concurrency(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return 1;
        }
        if (value.isNumber()) {
            return clamp(value.asDouble());
        }
        if (value.isBoolean()) {
            return value.booleanValue() ? 1 : 0;
        }
        if (value.isTextual()) {
            String text = value.textValue().strip();
            if (text.isEmpty()) {
                return 0;
            }
            try {
                return clamp(Double.parseDouble(text));
            } catch (NumberFormatException e) {
                return Integer.MAX_VALUE;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static int clamp(double value) {
        if (Double.isNaN(value)) {
            return Integer.MAX_VALUE;
        }
        return value <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, Math.ceil(value));
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private static Optional<String> plaintext(JsonNode node) {
        return text(node).map(String::strip).filter(s -> !s.isEmpty() && !Ciphertext.contains(s));
    }
}
