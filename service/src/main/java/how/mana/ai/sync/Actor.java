package how.mana.ai.sync;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Who a written row says made the change (SPEC §11), as the {@code actor} column holds it. */
public sealed interface Actor {
    /** The {@code actor} JSON, keys in the order upstream writes them. */
    ObjectNode json();

    /** {@code origin} for a generation-2 row, derived from the actor as mana-sync derives it (§10.3). */
    String origin();

    /** The v0.3 system actor (SPEC §6): {@code {"kind":"system","source":<source>}}. */
    record LegacySystem(String source) implements Actor {
        @Override
        public ObjectNode json() {
            return JsonNodeFactory.instance.objectNode().put("kind", "system").put("source", source);
        }

        @Override
        public String origin() {
            return "system";
        }
    }

    /** An AI agent acting for a mission (§11.1): all six keys present, all strings. */
    record Ai(String principalId, String displayName, String missionId, String iterationId, String rationale)
            implements Actor {
        /** The principal of missions without a (found) agent, and of every user's default agent (§11.2, §11.3). */
        public static final String DEFAULT_PRINCIPAL = "legacy:ai-default";
        public static final String DEFAULT_NAME = "Mana";

        @Override
        public ObjectNode json() {
            return JsonNodeFactory.instance.objectNode().put("kind", "ai").put("principalId", principalId)
                    .put("displayName", displayName).put("missionId", missionId).put("iterationId", iterationId)
                    .put("rationale", rationale);
        }

        @Override
        public String origin() {
            return "agent";
        }
    }
}
