package how.mana.ai.telemetry;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry behind {@code GET /metrics} (SPEC-LATEST §18.1): every series carries the constant label
 * {@code service="mana-ai"}, and the runtime's own meters (JVM, process, connection pool) are prefixed
 * {@code mana_ai_} like the service's, so one prefix selects everything a replica exposes.
 */
public final class PrometheusMetrics implements AutoCloseable {
    public static final String PREFIX = "mana_ai";
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public PrometheusMetrics() {
        // Filters apply to the meters registered after them: these come first. Two of the runtime's meters fail
        // promtool's checks: CPU time in nanoseconds (an abbreviated unit; process_cpu_usage says as much) and a
        // gauge ending in _count, which Prometheus reserves for histograms and summaries. (Micrometer maps every
        // name before it asks whether to accept the meter.)
        registry.config().commonTags("service", Tracing.SERVICE_NAME)
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        String name = id.getName().equals("system.cpu.count") ? "system.cpus" : id.getName();
                        return name.startsWith(PREFIX) ? id : id.withName(PREFIX + "." + name);
                    }
                })
                .meterFilter(MeterFilter.deny(id -> id.getName().equals(PREFIX + ".process.cpu.time")));
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
