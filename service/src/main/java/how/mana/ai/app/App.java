package how.mana.ai.app;

import how.mana.ai.config.Config;
import how.mana.ai.db.Database;
import how.mana.ai.http.Endpoints;
import how.mana.ai.http.Health;
import how.mana.ai.http.HttpServer;
import how.mana.ai.http.ServiceKeyGuard;
import how.mana.ai.http.UserMissions;
import how.mana.ai.tick.PlanningLoop;
import how.mana.ai.tick.Tick;
import how.mana.ai.tick.TickRunner;
import how.mana.ai.tick.TickScheduler;
import io.micrometer.core.instrument.Gauge;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service ({@code serve}): HTTP first, so {@code /health} answers at once; then the migrations in the
 * background, retried until the database lets them through; then, with {@code TICK_ENABLED}, the tick scheduler and
 * (unless {@code MANA_AI_POLL_INTERVAL_MS=0}) continuous planning. {@link #shutdown} undoes it all in order and is
 * what the JVM's shutdown hook calls.
 */
public final class App {
    static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);
    static final Duration FIRST_MIGRATION_RETRY = Duration.ofSeconds(1);
    static final Duration MAX_MIGRATION_RETRY = Duration.ofSeconds(30);
    /** After the tick is done, how long answers still being written may take before HTTP closes. */
    static final Duration HTTP_DRAIN = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Services services;
    private final TickRunner runner;
    private final TickScheduler scheduler;
    private final Optional<PlanningLoop> loop;
    private final DatabaseReadiness readiness;
    private final BackgroundMigrations migrations;
    private final HttpServer http;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private App(Services services, TickRunner runner, TickScheduler scheduler, Optional<PlanningLoop> loop,
                DatabaseReadiness readiness, BackgroundMigrations migrations, HttpServer http) {
        this.services = services;
        this.runner = runner;
        this.scheduler = scheduler;
        this.loop = loop;
        this.readiness = readiness;
        this.migrations = migrations;
        this.http = http;
    }

    /**
     * Starts serving. The returned app owns {@code services} and closes them on {@link #shutdown}.
     *
     * @throws RuntimeException when the HTTP port cannot be bound; nothing is left running then
     */
    public static App start(Services services, Tick tick, UserMissions missions) {
        Config config = services.config();
        ServiceKeyGuard guard = ServiceKeyGuard.forKey(config.http().serviceKey().value());
        if (guard.isOpen()) {
            log.atWarn().log("MANA_SERVICE_KEY is empty: /internal/* is open to every caller");
        }
        TickRunner runner = new TickRunner(tick, services.metrics(), services.clock());
        TickScheduler scheduler = new TickScheduler(runner, config.tick().interval());
        Optional<PlanningLoop> loop = config.tick().enabled()
                ? config.tick().pollInterval().flatMap(tick::loop) : Optional.empty();
        // Its own connection: a tick holding every connection of the main pool must not make /ready flap to 503.
        DatabaseReadiness readiness = new DatabaseReadiness(services.closeOnExit(
                Database.pool("mana-ai-readiness", config.database().url(), 1, READINESS_TIMEOUT)), READINESS_TIMEOUT);
        // /ready's answer as a series, so an alert needs no probe of its own; asked at each scrape.
        Gauge.builder("mana_ai.ready", readiness, r -> r.check().ready() ? 1 : 0)
                .description("1 when GET /ready would answer 200 (database reachable and prepared), else 0")
                .register(services.metrics());
        String version = version();
        Endpoints endpoints = new Endpoints(
                () -> Health.of(version, new Health.TickState(
                        config.tick().enabled(), scheduler.isRunning(), runner.inProgress())),
                readiness,
                runner::run,
                missions,
                services.metrics()::scrape,
                Wiring.userTokens(services),
                Wiring.auditRows(services));
        HttpServer http;
        try {
            http = HttpServer.start(config.http().port(), HTTP_DRAIN, services.json(), guard, endpoints,
                    services.metrics());
        } catch (RuntimeException e) {
            readiness.close();
            scheduler.stop();
            throw e;
        }
        BackgroundMigrations migrations = new BackgroundMigrations(
                () -> Wiring.prepareDatabase(services),
                () -> {
                    readiness.markMigrated();
                    if (config.tick().enabled()) {
                        scheduler.start();
                        loop.ifPresent(PlanningLoop::start);
                    }
                },
                FIRST_MIGRATION_RETRY, MAX_MIGRATION_RETRY);
        migrations.start();
        log.atInfo().addKeyValue("port", http.port()).addKeyValue("version", version)
                .addKeyValue("tickEnabled", config.tick().enabled())
                .addKeyValue("tickIntervalMs", config.tick().interval().toMillis())
                .addKeyValue("pollIntervalMs", config.tick().pollInterval().map(Duration::toMillis).orElse(0L))
                .addKeyValue("database", config.database().url().toString()).log("mana-ai serving");
        return new App(services, runner, scheduler, loop, readiness, migrations, http);
    }

    /** The port HTTP listens on. */
    public int port() {
        return http.port();
    }

    /**
     * Stops scheduling and starts no further mission; lets a tick and the missions in flight finish within
     * {@code MANA_AI_SHUTDOWN_GRACE_MS}, giving the slots of those still running back when it ends; then closes HTTP
     * and the pool. Safe to call more than once; later calls return at once.
     */
    public void shutdown() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.atInfo().log("shutting down");
        migrations.stop();
        scheduler.stop();
        loop.ifPresent(PlanningLoop::stop);
        Duration grace = services.config().tick().shutdownGrace();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (!runner.close(grace)) {
                log.atWarn().addKeyValue("graceMs", grace.toMillis())
                        .log("a tick was still running when the grace period ended");
            }
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (loop.isPresent()) {
                loop.get().drain(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        readiness.close();
        services.close();
        log.atInfo().log("stopped");
    }

    /** The jar's Implementation-Version, or "dev" when run from classes. */
    static String version() {
        String v = App.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
