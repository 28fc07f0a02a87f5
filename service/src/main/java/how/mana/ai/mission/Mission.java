package how.mana.ai.mission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A mission as the service uses it, read from its folded record (SPEC §3). The whole record is kept so that
 * unknown fields survive; the typed accessors are the fields mana-ai acts on.
 *
 * @param nextRunAtText the raw {@code nextRunAt} string when it is one (the key of the due slot), else empty
 */
public record Mission(
        String userId,
        String id,
        String title,
        String conceptMarkdown,
        String objective,
        String state,
        Optional<String> nextRunAtText,
        Optional<Instant> nextRunAt,
        JsonNode cadence,
        ArrayNode inputs,
        ArrayNode iterations,
        Optional<ZoneId> timezone,
        Optional<String> agentId,
        boolean deleted,
        ObjectNode record) {

    /** The outcome of reading a record as a mission: usable, or skipped with a reason for the log. */
    public sealed interface Parse permits Valid, Invalid {
    }

    public record Valid(Mission mission) implements Parse {
    }

    public record Invalid(String userId, String missionId, String reason) implements Parse {
    }

    /**
     * False when both title and objective are ciphertext (SPEC §21.2): the server cannot know what the mission is
     * about, so the device's own runner plans it.
     */
    public boolean serverMayPlan() {
        return !(Ciphertext.contains(title) && Ciphertext.contains(objective));
    }

    /** True when the mission is due at {@code now} (SPEC §4). */
    public boolean isDueAt(Instant now) {
        return !deleted && "active".equals(state) && nextRunAt.isPresent() && !nextRunAt.get().isAfter(now);
    }

    /**
     * Reads a folded mission record. Text fields that are present but not strings, and {@code inputs} or
     * {@code iterations} that are present but not arrays, make the mission unusable (SPEC §9); JSON null counts
     * as missing.
     *
     * @param deleted whether the fold's winning {@code deletedAt} is non-null
     */
    public static Parse from(String userId, String missionId, ObjectNode record, boolean deleted) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        String[] text = new String[3];
        String[] textFields = {"title", "conceptMarkdown", "objective"};
        for (int i = 0; i < textFields.length; i++) {
            JsonNode v = record.get(textFields[i]);
            if (isMissing(v)) {
                text[i] = "";
            } else if (v.isTextual()) {
                text[i] = v.textValue();
            } else {
                return new Invalid(userId, missionId, textFields[i] + " is " + v.getNodeType() + ", not a string");
            }
        }
        ArrayNode[] arrays = new ArrayNode[2];
        String[] arrayFields = {"inputs", "iterations"};
        for (int i = 0; i < arrayFields.length; i++) {
            JsonNode v = record.get(arrayFields[i]);
            if (isMissing(v)) {
                arrays[i] = json.arrayNode();
            } else if (v.isArray()) {
                arrays[i] = (ArrayNode) v;
            } else {
                return new Invalid(userId, missionId, arrayFields[i] + " is " + v.getNodeType() + ", not an array");
            }
        }
        JsonNode stateNode = record.get("state");
        String state = stateNode != null && stateNode.isTextual() ? stateNode.textValue() : "";
        JsonNode next = record.get("nextRunAt");
        Optional<String> nextText = next != null && next.isTextual() ? Optional.of(next.textValue()) : Optional.empty();
        Optional<Instant> nextAt = nextText.flatMap(IsoTime::parse);
        JsonNode cadence = record.get("cadence");
        return new Valid(new Mission(userId, missionId, text[0], text[1], text[2], state,
                nextAt.isPresent() ? nextText : Optional.empty(), nextAt,
                cadence == null ? json.nullNode() : cadence, arrays[0], arrays[1],
                zoneOf(record.get("timezone")), textOf(record.get("agentId")), deleted, record));
    }

    /** A string field; any other value counts as absent (SPEC §10.5). */
    private static Optional<String> textOf(JsonNode v) {
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    private static boolean isMissing(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode();
    }

    private static Optional<ZoneId> zoneOf(JsonNode v) {
        if (v == null || !v.isTextual()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(v.textValue()));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
