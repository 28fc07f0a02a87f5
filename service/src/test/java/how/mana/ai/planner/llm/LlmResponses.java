package how.mana.ai.planner.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.MockResponse;

/** Answers of a fake chat-completions server. */
public final class LlmResponses {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LlmResponses() {
    }

    /** A chat-completions body whose {@code choices[0].message.content} is {@code content}. */
    public static String envelope(String content) {
        return JSON.createObjectNode().set("choices", JSON.createArrayNode().add(JSON.createObjectNode()
                .set("message", JSON.createObjectNode().put("role", "assistant").put("content", content))))
                .toString();
    }

    /** A 200 response with the given JSON body. */
    public static MockResponse ok(String body) {
        return new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json").body(body).build();
    }

    /** A 200 response whose content is {@code content}. */
    public static MockResponse answer(String content) {
        return ok(envelope(content));
    }
}
