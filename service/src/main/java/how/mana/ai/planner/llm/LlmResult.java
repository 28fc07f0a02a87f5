package how.mana.ai.planner.llm;

import java.time.Duration;
import java.util.Optional;

/** The outcome of one LLM request, retries included: the answer's text or why there is none. */
public sealed interface LlmResult {

    /** {@code choices[0].message.content}, non-blank. */
    record Answer(String content) implements LlmResult {
    }

    /** Why the model gave no usable answer. {@link #reason()} is short, safe to log and to show the user. */
    sealed interface Failure extends LlmResult {
        String reason();

        /** The metric tag value for this kind of failure. */
        String outcome();
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

    /** The server answered with a non-2xx status. */
    record HttpStatus(int code, Optional<Duration> retryAfter) implements Failure {
        public String reason() {
            return "LLM answered HTTP " + code;
        }

        public String outcome() {
            return "http_" + code / 100 + "xx";
        }

        boolean retryable() {
            return code == 429 || code >= 500;
        }
    }

    /** A 2xx answer whose body is too large or not a chat-completions envelope. */
    record Unreadable(String why) implements Failure {
        public String reason() {
            return "LLM answer unreadable: " + why;
        }

        public String outcome() {
            return "unreadable";
        }
    }

    /** A well-formed envelope whose content is missing, null or blank. */
    record EmptyContent() implements Failure {
        public String reason() {
            return "LLM answer has empty content";
        }

        public String outcome() {
            return "empty_content";
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

    /** The mission's total deadline ran out, or the next retry would have passed it. */
    record DeadlineExceeded(Duration deadline, Failure last) implements Failure {
        public String reason() {
            return "LLM deadline of " + deadline.toMillis() + " ms exceeded (last: " + last.reason() + ")";
        }

        public String outcome() {
            return "deadline_exceeded";
        }
    }
}
