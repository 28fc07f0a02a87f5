package how.mana.ai.testing;

import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.ChatExchange;
import how.mana.ai.localllm.ChatRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the {@link FakeLlm} does with one request: answer (with text, or with tool calls and usage), fail, answer
 * late or slowly, or never.
 */
@FunctionalInterface
public interface Reply {
    void send(ChatExchange exchange) throws IOException, InterruptedException;

    /** 200 with a chat completion whose content is {@code content}. */
    static Reply answer(String content) {
        return exchange -> exchange.answer(content);
    }

    /** 200 with a chat completion whose one choice is {@code turn}: text, tool calls, usage. */
    static Reply turn(AssistantTurn turn) {
        return exchange -> exchange.answer(turn);
    }

    /** 200 with a turn that says {@code content} and makes these calls, reporting no usage. */
    static Reply calls(String content, AssistantTurn.Call... calls) {
        return turn(AssistantTurn.calling(content, List.of(calls)));
    }

    /**
     * The one-step plan of {@link FakeLlm#ONE_STEP_PLAN} in the request's protocol: a v0.3 request gets the text;
     * a tool-calling request gets the same step as one {@code create_task} call and, once the service has answered
     * it, a closing turn without calls.
     */
    static Reply oneStepPlan() {
        return exchange -> {
            ChatRequest request = exchange.request();
            if (request.tools().isEmpty()) {
                exchange.answer(FakeLlm.ONE_STEP_PLAN);
            } else if (request.assistantTurns() == 0) {
                exchange.answer(AssistantTurn.calling(FakeLlm.ONE_STEP_RATIONALE, List.of(FakeLlm.ONE_STEP_CALL)));
            } else {
                exchange.answer(AssistantTurn.saying(FakeLlm.ONE_STEP_SUMMARY));
            }
        };
    }

    /** {@code status} with an OpenAI-shaped error. */
    static Reply status(int status) {
        return exchange -> exchange.error(status, "injected by the fake LLM");
    }

    /** 429 with this {@code Retry-After} header and no body. */
    static Reply tooManyRequests(String retryAfter) {
        return exchange -> exchange.send(429, Map.of("Retry-After", retryAfter), new byte[0]);
    }

    /** {@code status} with exactly {@code body} as a JSON body, whether or not it is a completion, or JSON. */
    static Reply body(int status, String body) {
        return exchange -> exchange.send(status, Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /** Never answers, not even the status line: waits until the fake LLM closes. */
    static Reply hang() {
        return exchange -> Thread.sleep(Long.MAX_VALUE);
    }

    /** Closes the connection without a byte of answer (the server closes an exchange its handler left unanswered). */
    static Reply drop() {
        return exchange -> {
        };
    }

    /** The status line and headers at once, then {@code body} one byte every {@code perByte}: alive, but too slow. */
    static Reply dripping(int status, String body, Duration perByte) {
        return exchange -> drip(exchange, status, body.getBytes(StandardCharsets.UTF_8), perByte);
    }

    /** A completion whose content is {@code content}, {@link #dripping} one byte every {@code perByte}. */
    static Reply drippingAnswer(String content, Duration perByte) {
        return exchange -> drip(exchange, 200, exchange.completion(content), perByte);
    }

    /** This reply, {@code delay} after the request arrived: the model's latency. */
    default Reply after(Duration delay) {
        return exchange -> {
            Thread.sleep(delay);
            send(exchange);
        };
    }

    private static void drip(ChatExchange exchange, int status, byte[] body, Duration perByte)
            throws IOException, InterruptedException {
        try (OutputStream out = exchange.startAnswer(status, Map.of("Content-Type", "application/json"),
                body.length)) {
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(perByte);
            }
        }
    }
}
