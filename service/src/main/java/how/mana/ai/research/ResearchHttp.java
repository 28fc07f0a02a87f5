package how.mana.ai.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.httpclient.BoundedBodies;
import how.mana.ai.httpclient.ErrorBodySubscriber;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JSON over HTTP to the research services, with the LLM client's protections: each call bounded as a whole (headers
 * and body) by its timeout, a 2xx answer read only up to the size limit, an error status answered at its headers
 * without reading its body. No retries: a failed call means planning without that research this tick. Thread-safe.
 */
final class ResearchHttp implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Nothing of an error body is shown (it might echo the query), so none of it is read. */
    private static final int ERROR_BODY_BYTES = 1;

    private final Duration connectTimeout;
    private final int maxAnswerBytes;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    /** Made on the first call: most missions ask for no research, and a client holds a selector thread. */
    private HttpClient http;

    ResearchHttp(Duration connectTimeout, int maxAnswerBytes) {
        this.connectTimeout = connectTimeout;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    private synchronized HttpClient http() {
        if (http == null) {
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout)
                    .executor(threads).build();
        }
        return http;
    }

    JsonNode post(CallFailed.Call call, URI uri, Map<String, String> headers, JsonNode body, Duration timeout)
            throws CallFailed {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        return send(call, request, headers, timeout);
    }

    JsonNode get(CallFailed.Call call, URI uri, Map<String, String> headers, Duration timeout) throws CallFailed {
        return send(call, HttpRequest.newBuilder(uri).GET(), headers, timeout);
    }

    private JsonNode send(CallFailed.Call call, HttpRequest.Builder request, Map<String, String> headers,
                          Duration timeout) throws CallFailed {
        request.timeout(timeout).header("Accept", "application/json");
        headers.forEach(request::header);
        HttpRequest built = request.build();
        HttpClient client = http();
        // A blocking send on a thread of our own, waited for with the timeout and cancelled after it: bounds the body
        // too, which the request's own timeout does not (as in the LLM client).
        Future<HttpResponse<Object>> exchange =
                threads.submit(() -> client.send(built, BoundedBodies.handler(maxAnswerBytes, ERROR_BODY_BYTES)));
        HttpResponse<Object> response;
        try {
            response = exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw timedOut(call, timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            throw new CallFailed(call, CallFailed.Reason.CONNECTION, "interrupted");
        } catch (ExecutionException e) {
            throw failure(call, e.getCause(), timeout);
        }
        if (response.body() instanceof ErrorBodySubscriber errorBody) {
            try {
                errorBody.text(Duration.ZERO);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new CallFailed(call, CallFailed.Reason.HTTP_STATUS, "HTTP " + response.statusCode());
        }
        try {
            JsonNode answer = JSON.readTree((byte[]) response.body());
            if (answer == null || !answer.isObject()) {
                throw CallFailed.malformed(call, "not a JSON object");
            }
            return answer;
        } catch (IOException notJson) {
            throw CallFailed.malformed(call, "not JSON");
        }
    }

    private CallFailed failure(CallFailed.Call call, Throwable error, Duration timeout) {
        if (BoundedBodies.tooLarge(error)) {
            return new CallFailed(call, CallFailed.Reason.TOO_LARGE,
                    "answer larger than " + maxAnswerBytes + " bytes");
        }
        if (error instanceof java.net.http.HttpConnectTimeoutException) {
            return new CallFailed(call, CallFailed.Reason.CONNECTION, "connect timed out");
        }
        if (error instanceof java.net.http.HttpTimeoutException) {
            return timedOut(call, timeout);
        }
        return new CallFailed(call, CallFailed.Reason.CONNECTION,
                "connection failed (" + error.getClass().getSimpleName() + ")");
    }

    private static CallFailed timedOut(CallFailed.Call call, Duration timeout) {
        return new CallFailed(call, CallFailed.Reason.TIMEOUT, "timed out after " + timeout.toMillis() + " ms");
    }

    @Override
    public synchronized void close() {
        if (http != null) {
            http.close();
        }
        threads.close();
    }
}
