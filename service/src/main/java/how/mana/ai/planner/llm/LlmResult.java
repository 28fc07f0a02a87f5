package how.mana.ai.planner.llm;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The outcome of one LLM request, retries included: the model's turn or why there is none. */
public sealed interface LlmResult {

    /**
     * {@code choices[0]} of a 2xx answer.
     *
     * @param content      the message's text; null when it has none (normal for a turn that only calls tools)
     * @param toolCalls    the calls the turn makes, in order
     * @param finishReason {@code choices[0].finish_reason} as given; empty when absent
     * @param usage        what the provider reported for this answer
     */
    record Answer(String content, List<ToolCall> toolCalls, String finishReason, TokenUsage usage)
            implements LlmResult {
        public Answer {
            toolCalls = List.copyOf(toolCalls);
        }

        /** A text answer without calls or usage, as a v0.3 model gives it. */
        public static Answer text(String content) {
            return new Answer(content, List.of(), "stop", TokenUsage.NONE);
        }
    }

    /** Why the model gave no usable answer. {@link #reason()} is short, safe to log and to show the user. */
    sealed interface Failure extends LlmResult {
        String reason();

        /** The metric tag value for this kind of failure. */
        String outcome();

        /** The provider's refusal this failure comes down to, if it is one. */
        default Optional<ProviderError> providerError() {
            return Optional.empty();
        }
    }

    /** An attempt did not complete (headers and body) within the per-request timeout. */
    record Timeout(Duration after) implements Failure {
        public String reason() {
            return "LLM request timed out after " + after.toMillis() + " ms";
        }

        public String outcome() {
            return "timeout";
        }
    }

    /** The server answered with a non-2xx status; {@code error} is what its body said (SPEC §15.6). */
    record HttpStatus(int code, Optional<Duration> retryAfter, ProviderError error) implements Failure {
        public String reason() {
            return "LLM answered HTTP " + code + " (" + error.kind() + ")"
                    + (error.message().isEmpty() ? "" : ": " + error.message());
        }

        public String outcome() {
            return "http_" + code / 100 + "xx";
        }

        boolean retryable() {
            return code == 429 || code >= 500;
        }

        @Override
        public Optional<ProviderError> providerError() {
            return Optional.of(error);
        }
    }

    /** A 2xx answer whose body is too large or not a chat-completions envelope (no {@code choices[0]}). */
    record Unreadable(String why) implements Failure {
        public String reason() {
            return "LLM answer unreadable: " + why;
        }

        public String outcome() {
            return "unreadable";
        }
    }

    /** The connection could not be made or broke (refused, reset, closed early). */
    record Connection(String why) implements Failure {
        public String reason() {
            return "LLM connection failed: " + why;
        }

        public String outcome() {
            return "connection";
        }
    }

    /** The circuit breaker is open: the LLM failed repeatedly, so this request was not sent. */
    record CircuitOpen() implements Failure {
        public String reason() {
            return "LLM circuit breaker open";
        }

        public String outcome() {
            return "circuit_open";
        }
    }

    /**
     * The run's deadline ran out, or the next attempt could not have finished within it.
     *
     * @param last the failure of the attempt before, if this request made one
     */
    record DeadlineExceeded(Duration deadline, Optional<Failure> last) implements Failure {
        public String reason() {
            return "LLM deadline of " + deadline.toMillis() + " ms exceeded"
                    + last.map(l -> " (last: " + l.reason() + ")").orElse("");
        }

        public String outcome() {
            return "deadline_exceeded";
        }

        @Override
        public Optional<ProviderError> providerError() {
            return last.flatMap(Failure::providerError);
        }
    }
}
