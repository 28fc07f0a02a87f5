package how.mana.ai.mission;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's tool policy (SPEC §12.1, §12.6): per tool, per module, and a default, each {@code auto},
 * {@code propose} or {@code deny}. A tool is offered unless its decision is {@code deny}.
 */
public record ToolPolicy(Map<String, String> tools, Map<String, String> defaultsByModule,
                         Optional<String> defaultForAi) {
    public ToolPolicy {
        tools = Map.copyOf(tools);
        defaultsByModule = Map.copyOf(defaultsByModule);
    }

    /**
     * The policy of an agent record's {@code policy} value: an object (not an array), else none. A missing or
     * non-object {@code tools} counts as {@code {}} (upstream crashes there; §12.6's contract). Only non-empty string
     * decisions count.
     */
    public static Optional<ToolPolicy> of(JsonNode policy) {
        if (policy == null || !policy.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new ToolPolicy(decisions(policy.get("tools")), decisions(policy.get("defaultsByModule")),
                decision(policy.get("defaultForAi"))));
    }

    /**
     * Whether the tool may be offered: the first decision found of the tool's own, its module's and the default,
     * unless it is {@code deny}; with none found, yes.
     */
    public boolean allows(String tool, String module) {
        Optional<String> decision = Optional.ofNullable(tools.get(tool))
                .or(() -> Optional.ofNullable(defaultsByModule.get(module)))
                .or(() -> defaultForAi);
        return !decision.map("deny"::equals).orElse(false);
    }

    private static Map<String, String> decisions(JsonNode node) {
        Map<String, String> decisions = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.properties().forEach(e -> decision(e.getValue()).ifPresent(d -> decisions.put(e.getKey(), d)));
        }
        return decisions;
    }

    private static Optional<String> decision(JsonNode node) {
        return node != null && node.isTextual() && !node.textValue().isEmpty()
                ? Optional.of(node.textValue()) : Optional.empty();
    }
}
