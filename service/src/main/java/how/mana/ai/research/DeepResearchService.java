package how.mana.ai.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The research service's asynchronous jobs (SPEC-LATEST §19.2): submit a deep-research query, poll a job by its
 * task id. Every call carries {@code X-Service-Key}, {@code X-User-Id} (the mission's owner) and
 * {@code X-App-Id: mana-ai}.
 */
final class DeepResearchService {
    static final String PROVIDER = "gemini-deep-research-max";
    static final String JOBS = "/api/v1/internal/research/async";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ResearchHttp http;
    private final ResearchSettings settings;

    DeepResearchService(ResearchHttp http, ResearchSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** Where a job stands. */
    sealed interface JobState {
        /** {@code queued} or {@code running}. */
        record Waiting(String status) implements JobState {
        }

        /** {@code failed} or {@code cancelled}. */
        record Ended(String status) implements JobState {
        }

        /** {@code completed}; the answer may be blank. */
        record Completed(String answer, List<ResearchInputs.Citation> citations) implements JobState {
        }
    }

    /** Submits {@code query} for {@code userId}; returns the job's task id. */
    String submit(String userId, String query) throws CallFailed {
        ObjectNode body = JSON.createObjectNode().put("query", query).put("provider", PROVIDER);
        JsonNode answer = http.post(CallFailed.Call.SUBMIT, URI.create(settings.researchUrl() + JOBS),
                headers(userId), body, settings.submitTimeout());
        return NewsResearch.text(answer, "taskId")
                .orElseThrow(() -> CallFailed.malformed(CallFailed.Call.SUBMIT, "no taskId"));
    }

    JobState poll(String userId, String taskId) throws CallFailed {
        CallFailed.Call call = CallFailed.Call.POLL;
        JsonNode answer = http.get(call, URI.create(settings.researchUrl() + JOBS + "/"
                + URLEncoder.encode(taskId, StandardCharsets.UTF_8).replace("+", "%20")), headers(userId),
                settings.pollTimeout());
        String status = NewsResearch.text(answer, "status")
                .orElseThrow(() -> CallFailed.malformed(call, "no status"));
        return switch (status) {
            case "queued", "running" -> new JobState.Waiting(status);
            case "failed", "cancelled" -> new JobState.Ended(status);
            case "completed" -> completed(answer.path("result").path("answer"));
            // Only the known words are echoed: an unknown status is the service's text.
            default -> throw CallFailed.malformed(call, "unknown status");
        };
    }

    private static JobState.Completed completed(JsonNode answer) {
        List<ResearchInputs.Citation> citations = new ArrayList<>();
        for (JsonNode citation : answer.path("citations")) {
            NewsResearch.text(citation, "url").ifPresent(url -> citations.add(new ResearchInputs.Citation(url,
                    NewsResearch.text(citation, "title").orElse(url), NewsResearch.text(citation, "snippet"))));
        }
        return new JobState.Completed(NewsResearch.text(answer, "answer").orElse(""), citations);
    }

    private Map<String, String> headers(String userId) {
        return Map.of("X-Service-Key", settings.serviceKey(), "X-User-Id", userId, "X-App-Id", "mana-ai");
    }
}
