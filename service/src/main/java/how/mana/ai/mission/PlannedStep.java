package how.mana.ai.mission;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One checked step of a plan: a call of an allowed tool, with the rationale the user will read. */
public record PlannedStep(String toolName, ObjectNode params, String summary, String rationale) {
}
