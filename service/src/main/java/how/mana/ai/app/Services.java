package how.mana.ai.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import how.mana.ai.config.Config;
import how.mana.ai.config.DatabaseConfig;
import how.mana.ai.db.Database;
import how.mana.ai.projection.AgentProjection;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.sync.DetectedSyncTable;
import how.mana.ai.telemetry.PrometheusMetrics;
import how.mana.ai.telemetry.Tracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The long-lived parts every command shares, created once per process: the configuration, the pool on the sync
 * database (reporting to the metrics), the metrics registry with the JVM's own meters, tracing, the JSON mapper and
 * the clock.
 * Whatever needs one of them gets it from here, injected.
 */
public final class Services implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Services.class);
    private final Config config;
    private final HikariDataSource database;
    private final HikariDataSource rebuildReads;
    private final PrometheusMetrics metrics;
    private final Tracing tracing;
    private final DetectedSyncTable syncTable;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();
    private final Deque<AutoCloseable> ownResources = new ConcurrentLinkedDeque<>();

    private Services(Config config, HikariDataSource database, HikariDataSource rebuildReads,
                     PrometheusMetrics metrics, Tracing tracing) {
        this.config = config;
        this.database = database;
        this.rebuildReads = rebuildReads;
        this.metrics = metrics;
        this.tracing = tracing;
        this.syncTable = new DetectedSyncTable();
    }

    /**
     * Opens the pool (it never fails because the database is down), registers the meters and starts tracing (when
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set).
     */
    public static Services open(Config config) {
        // First: a bad OTEL_* value stops start-up before anything needs closing.
        Tracing tracing = Tracing.start(config.tracing(), App.version());
        PrometheusMetrics metrics = new PrometheusMetrics();
        DatabaseConfig db = config.database();
        HikariDataSource database = Database.pool("mana-ai", db.url(), db.poolSize(), db.statementTimeout());
        database.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics.registry()));
        // Folding every mission row reads on two connections while it writes on one of the main pool: the reading ones
        // come from here, so a busy main pool can never leave a rebuild holding one connection and waiting for more.
        HikariDataSource rebuildReads = Database.onDemandPool("mana-ai-rebuild-reads", db.url(), 2,
                db.statementTimeout());
        return new Services(config, database, rebuildReads, metrics, tracing);
    }

    public Config config() {
        return config;
    }

    /** The pool on {@code SYNC_DATABASE_URL}. */
    public HikariDataSource database() {
        return database;
    }

    /** The mission projection on this process's pools. */
    public MissionProjection projection() {
        return new MissionProjection(database, rebuildReads);
    }

    /** The agent projection on this process's pools. */
    public AgentProjection agents() {
        return new AgentProjection(database, rebuildReads);
    }

    /** The shape of {@code sync_changes}, detected on first use (after the database is prepared). */
    public DetectedSyncTable syncTable() {
        return syncTable;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics.registry();
    }

    /** The process's tracing; a no-op unless {@code OTEL_EXPORTER_OTLP_ENDPOINT} is set. */
    public Tracing tracing() {
        return tracing;
    }

    public ObjectMapper json() {
        return json;
    }

    public Clock clock() {
        return clock;
    }

    /** Hands {@code resource} to this object: it is closed, newest first, before the pool. */
    public <T extends AutoCloseable> T closeOnExit(T resource) {
        ownResources.push(resource);
        return resource;
    }

    /** Closes what was handed over, the pool and the meters, and exports the spans still buffered. */
    @Override
    public void close() {
        for (AutoCloseable resource; (resource = ownResources.poll()) != null; ) {
            try {
                resource.close();
            } catch (Exception e) {
                log.atWarn()
                        .addKeyValue("resource", resource.getClass().getSimpleName())
                        .addKeyValue("error", e.toString()).log("closing failed");
            }
        }
        rebuildReads.close();
        database.close();
        metrics.close();
        tracing.close();
    }
}
