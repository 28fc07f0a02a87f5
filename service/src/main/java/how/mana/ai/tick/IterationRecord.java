package how.mana.ai.tick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.sync.SyncGeneration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Builds the iteration a server run appends and the {@code data} of its sync row (SPEC §6). Pure. */
public final class IterationRecord {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private IterationRecord() {
    }

    /** An iteration proposing {@code plan}'s steps: {@code approved} when there are none, else awaiting review. */
    public static ObjectNode planned(UUID id, Plan plan, Instant startedAt, Instant finishedAt) {
        ArrayNode steps = JSON.arrayNode();
        List<PlannedStep> planned = plan.steps();
        for (int i = 0; i < planned.size(); i++) {
            PlannedStep step = planned.get(i);
            ObjectNode intent = JSON.objectNode()
                    .put("kind", "toolCall")
                    .put("toolName", step.toolName())
                    .set("params", step.params().deepCopy());
            steps.add(JSON.objectNode()
                    .put("id", id + "-" + i)
                    .put("summary", step.summary())
                    .<ObjectNode>set("intent", intent)
                    .put("rationale", step.rationale())
                    .put("status", "planned"));
        }
        return iteration(id, startedAt, finishedAt, steps, plan.summary(),
                planned.isEmpty() ? "approved" : "awaiting-review");
    }

    /** The iteration that tells the user planning failed for good; {@code reason} must be short and secret-free. */
    public static ObjectNode failed(UUID id, String reason, Instant startedAt, Instant finishedAt) {
        return iteration(id, startedAt, finishedAt, JSON.arrayNode(), "planner failed: " + reason, "failed");
    }

    /**
     * The {@code data} of the write-back row: the mission's iterations as they stand now plus the new one and the
     * next run ({@code null} when nothing is scheduled); on generation 1 also {@code updatedAt} (SPEC §6), which a
     * generation-2 row never carries (§10.6).
     */
    public static ObjectNode rowData(SyncGeneration generation, ArrayNode currentIterations, ObjectNode iteration,
                                     Optional<Instant> nextRunAt, Instant now) {
        ArrayNode iterations = currentIterations.deepCopy();
        iterations.add(iteration);
        ObjectNode data = JSON.objectNode();
        data.set("iterations", iterations);
        data.set("nextRunAt", nextRunAt.<JsonNode>map(at -> JSON.textNode(IsoTime.format(at))).orElse(JSON.nullNode()));
        if (generation == SyncGeneration.ONE) {
            data.put("updatedAt", IsoTime.format(now));
        }
        return data;
    }

    /**
     * The write time for every field of {@code data}, so devices merging field by field take these values
     * (mana-sync does not deliver an updated field that has no stamp, §10.3).
     */
    public static ObjectNode stamps(ObjectNode data, Instant now) {
        ObjectNode stamps = JSON.objectNode();
        String iso = IsoTime.format(now);
        data.fieldNames().forEachRemaining(field -> stamps.put(field, iso));
        return stamps;
    }

    /** Whether {@code iterations} already holds the iteration with {@code id} (written by an earlier run). */
    public static boolean contains(ArrayNode iterations, UUID id) {
        String wanted = id.toString();
        for (JsonNode iteration : iterations) {
            JsonNode existing = iteration.get("id");
            if (existing != null && wanted.equals(existing.asText(null))) {
                return true;
            }
        }
        return false;
    }

    private static ObjectNode iteration(UUID id, Instant startedAt, Instant finishedAt, ArrayNode plan,
                                        String summary, String overallStatus) {
        ObjectNode iteration = JSON.objectNode()
                .put("id", id.toString())
                .put("startedAt", IsoTime.format(startedAt))
                .put("finishedAt", IsoTime.format(finishedAt));
        iteration.set("plan", plan);
        return iteration
                .put("summary", summary)
                .put("overallStatus", overallStatus)
                .put("source", "server");
    }
}
