package how.mana.ai.testing;

import how.mana.ai.localllm.ChatExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** What the {@link FakeLlm} does with one request: answer, fail, answer late or slowly, or never. */
@FunctionalInterface
public interface Reply {
    void send(ChatExchange exchange) throws IOException, InterruptedException;

    /** 200 with a chat completion whose content is {@code content}. */
    static Reply answer(String content) {
        return exchange -> exchange.answer(content);
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
