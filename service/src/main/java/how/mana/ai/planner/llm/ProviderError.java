package how.mana.ai.planner.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Why a provider refused a request, read from the body of a non-2xx answer (SPEC §15.6): mana-llm's
 * {@code {"detail":{"kind","message"}}} gives the kind ({@code blocked}, {@code truncated}, {@code auth},
 * {@code rate_limit}, {@code capability}, …); any other body is kind {@code unknown} with its text. Messages are one
 * line of at most {@value #MAX_MESSAGE} characters.
 */
public record ProviderError(String kind, String message) {
    public static final String UNKNOWN = "unknown";
    static final int MAX_MESSAGE = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    static ProviderError fromBody(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException notJson) {
            return new ProviderError(UNKNOWN, oneLine(body));
        }
        JsonNode detail = root == null ? null : root.get("detail");
        if (detail != null && detail.isObject()) {
            JsonNode kind = detail.get("kind");
            return new ProviderError(kind != null && kind.isTextual() && !kind.textValue().isBlank()
                    ? kind.textValue().strip() : UNKNOWN, oneLine(detail.path("message").asText("")));
        }
        if (detail != null && detail.isTextual()) {
            return new ProviderError(UNKNOWN, oneLine(detail.textValue()));
        }
        // The OpenAI shape, which most compatible servers answer with.
        JsonNode openAi = root == null ? null : root.path("error").get("message");
        if (openAi != null && openAi.isTextual()) {
            return new ProviderError(UNKNOWN, oneLine(openAi.textValue()));
        }
        return new ProviderError(UNKNOWN, oneLine(body));
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").strip();
        return flat.length() <= MAX_MESSAGE ? flat : flat.substring(0, MAX_MESSAGE) + "…";
    }
}
