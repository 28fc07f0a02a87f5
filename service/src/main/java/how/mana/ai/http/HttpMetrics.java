package how.mana.ai.http;

import how.mana.ai.telemetry.Buckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code mana_ai_http_requests_total} and {@code mana_ai_http_request_duration_seconds} (SPEC-LATEST §18.1), labelled
 * by method, the route's pattern (never the raw path, so a user id never becomes a label value) and status. Each
 * route's documented answers exist from the start, at zero.
 */
final class HttpMetrics {
    /** The {@code path} of a request no route matched. */
    static final String UNMATCHED = "unmatched";
    private static final Duration[] BUCKETS = Buckets.seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

    /**
     * A route and the statuses it answers with (README's endpoint table).
     *
     * @param path the pattern, with {@code {name}} for a path parameter
     */
    record Route(String method, String path, List<Integer> statuses) {

        /** Whether a request for {@code method} and {@code requestPath} is this route's, as Javalin matches. */
        boolean matches(String requestMethod, String requestPath) {
            if (!method.equals(requestMethod)) {
                return false;
            }
            String[] pattern = path.split("/", -1);
            String[] asked = (requestPath.length() > 1 && requestPath.endsWith("/")
                    ? requestPath.substring(0, requestPath.length() - 1) : requestPath).split("/", -1);
            if (pattern.length != asked.length) {
                return false;
            }
            for (int i = 0; i < pattern.length; i++) {
                boolean parameter = pattern[i].startsWith("{") && !asked[i].isEmpty();
                if (!parameter && !pattern[i].equals(asked[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private final MeterRegistry registry;
    private final List<Route> routes;

    HttpMetrics(MeterRegistry registry, List<Route> routes) {
        this.registry = registry;
        this.routes = List.copyOf(routes);
        routes.forEach(route -> route.statuses().forEach(status -> {
            Tags tags = tags(route.method(), route.path(), status);
            counter(tags);
            timer(tags);
        }));
    }

    /**
     * Counts one answered request under its route's pattern. Matched here rather than asked of Javalin, which knows
     * no route for a request its key guard refused before routing.
     */
    void record(String method, String requestPath, int status, long nanos) {
        String path = routes.stream().filter(route -> route.matches(method, requestPath)).map(Route::path)
                .findFirst().orElse(UNMATCHED);
        Tags tags = tags(method, path, status);
        counter(tags).increment();
        timer(tags).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Counter counter(Tags tags) {
        return Counter.builder("mana_ai.http.requests").description("HTTP requests answered").tags(tags)
                .register(registry);
    }

    private Timer timer(Tags tags) {
        return Timer.builder("mana_ai.http.request.duration").description("Time to answer an HTTP request")
                .tags(tags).serviceLevelObjectives(BUCKETS).register(registry);
    }

    private static Tags tags(String method, String path, int status) {
        return Tags.of("method", method, "path", path, "status", Integer.toString(status));
    }
}
