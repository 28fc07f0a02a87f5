package how.mana.ai.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.tick.TickOutcome;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP interface of SPEC §8 on Javalin, and the decrypt audit of SPEC §17.3. Every answer, errors included, is
 * JSON (except the Prometheus text of {@code /metrics} and the audit's plain-text refusals); {@code /internal/*}
 * requires the service key, the audit a user's token.
 */
public final class HttpServer implements AutoCloseable {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String KEY_HEADER = "X-Service-Key";
    static final String MISSIONS_ROUTE = "/internal/missions/{userId}";
    /** Every route and the statuses README documents for it: their request metrics exist from the start. */
    static final List<HttpMetrics.Route> ROUTES = List.of(
            new HttpMetrics.Route("GET", "/health", List.of(200)),
            new HttpMetrics.Route("GET", "/ready", List.of(200, 503)),
            new HttpMetrics.Route("GET", "/metrics", List.of(200)),
            new HttpMetrics.Route("POST", "/internal/tick", List.of(200, 401, 500, 503)),
            new HttpMetrics.Route("GET", MISSIONS_ROUTE, List.of(200, 401)));
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final Javalin javalin;

    private HttpServer(Javalin javalin) {
        this.javalin = javalin;
    }

    /**
     * Starts listening on {@code port} (0: any free port).
     *
     * @param drain how long {@link #close} waits for requests in flight to be answered
     */
    public static HttpServer start(int port, Duration drain, ObjectMapper json, ServiceKeyGuard guard,
                                   Endpoints endpoints, MeterRegistry meters) {
        HttpMetrics metrics = new HttpMetrics(meters, ROUTES);
        Javalin javalin = Javalin.create(config -> {
            config.jetty.modifyServer(server -> {
                // Without this, stopping cuts off answers still being written, e.g. the stats of a manual tick
                // that finished just before shutdown.
                server.setStopTimeout(drain.toMillis());
                server.insertHandler(new GracefulHandler());
            });
            // Jetty caches header fields per connection and by default matches a new one against the cache ignoring
            // case: after "Authorization: bearer x", a later "Authorization: Bearer x" on the same connection would
            // read as the cached "bearer x". Header values are read exactly as sent.
            config.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            configure(config, json, guard, endpoints);
            config.requestLogger.http((ctx, millis) -> metrics.record(ctx.method().name(), ctx.path(),
                    ctx.statusCode(), (long) (millis * 1_000_000)));
        });
        javalin.start(port);
        return new HttpServer(javalin);
    }

    private static void configure(JavalinConfig config, ObjectMapper json, ServiceKeyGuard guard, Endpoints e) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.jsonMapper(new JavalinJackson(json, false));
        var routes = config.routes;
        routes.before("/internal/*", ctx -> requireKey(ctx, guard));
        routes.get("/health", ctx -> ctx.json(e.health().get()));
        routes.get("/ready", ctx -> {
            Readiness.Report report = e.readiness().check();
            ctx.status(report.ready() ? 200 : 503).json(report);
        });
        routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(e.metrics().get()));
        routes.post("/internal/tick", ctx -> answerTick(ctx, e.tick().get()));
        routes.get(MISSIONS_ROUTE, ctx -> ctx.json(e.missions().missionsOf(ctx.pathParam("userId"))));
        AiAuditRoute audit = new AiAuditRoute(e.userTokens(), e.auditRows());
        routes.get(AiAuditRoute.PATH, audit::answer);
        routes.error(404, ctx -> ctx.json(new ErrorBody("not found")));
        routes.exception(NotAuthorized.class, (ex, ctx) ->
                ctx.status(401).json(new ErrorBody("invalid or missing service key")));
        routes.exception(HttpResponseException.class, (ex, ctx) ->
                ctx.status(ex.getStatus()).json(new ErrorBody(ex.getMessage())));
        routes.exception(Exception.class, (ex, ctx) -> {
            log.atError().addKeyValue("method", ctx.method().name()).addKeyValue("path", ctx.path())
                    .setCause(ex).log("request failed");
            ctx.status(500).json(new ErrorBody("internal error"));
        });
    }

    private static void requireKey(Context ctx, ServiceKeyGuard guard) {
        if (!guard.permits(ctx.header(KEY_HEADER))) {
            // The presented key is never logged: it may be a real key of another service.
            log.atWarn().addKeyValue("path", ctx.path()).addKeyValue("remote", ctx.ip())
                    .log("request refused: invalid or missing service key");
            throw new NotAuthorized();
        }
    }

    private static void answerTick(Context ctx, TickOutcome outcome) {
        switch (outcome) {
            case TickOutcome.Completed c -> ctx.json(c.stats());
            case TickOutcome.OverlapSkipped s -> ctx.json(s.stats());
            case TickOutcome.Failed f -> ctx.status(500).json(new ErrorBody("tick failed: " + f.reason()));
            case TickOutcome.ShuttingDown d -> ctx.status(503).json(new ErrorBody("shutting down"));
        }
    }

    /** The port the server listens on. */
    public int port() {
        return javalin.port();
    }

    /** Stops accepting requests, lets those in flight be answered (up to the drain time) and closes the server. */
    @Override
    public void close() {
        javalin.stop();
    }

    /** Thrown by the key guard; answered with 401. */
    private static final class NotAuthorized extends RuntimeException {
        NotAuthorized() {
            super(null, null, false, false);
        }
    }
}
