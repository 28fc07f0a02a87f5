package how.mana.ai.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/** Watches one service process of the soak from outside: readiness, resident memory, heap, counters. */
final class ServiceProbe {
    /** One memory sample: resident set from /proc, heap in use from the service's own metrics. */
    record Sample(long atMillis, long rssKb, long heapBytes) {
    }

    private final String name;
    private final long pid;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Sample> samples = new CopyOnWriteArrayList<>();

    ServiceProbe(String name, long pid, int port) {
        this.name = name;
        this.pid = pid;
        this.base = URI.create("http://127.0.0.1:" + port);
    }

    String name() {
        return name;
    }

    List<Sample> samples() {
        return List.copyOf(samples);
    }

    void awaitReady() {
        Awaitility.await(name + " ready").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(250))
                .ignoreExceptions().until(() -> get("/ready").statusCode() == 200);
    }

    void sample() {
        try {
            samples.add(new Sample(System.currentTimeMillis(), rssKb(), heapBytes(metrics())));
        } catch (Exception e) {
            System.err.println(name + ": sample failed: " + e);
        }
    }

    /** The service's own counters ({@code mana_ai_*_total}), summed over labels. */
    String counters() {
        try {
            Map<String, Double> totals = new TreeMap<>();
            for (String line : metrics().lines().toList()) {
                if (line.startsWith("mana_ai_") && line.contains("_total")) {
                    String metric = line.replaceAll("[{ ].*", "");
                    totals.merge(metric, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
            return name + ": " + totals.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue().longValue())
                    .collect(Collectors.joining(", "));
        } catch (Exception e) {
            return name + ": counters unavailable (" + e + ")";
        }
    }

    /**
     * Flat: the resident set at the end is within 25% (plus 32 MiB for the JIT and class data still settling) of
     * the largest sample of the run's first half after warm-up — a leak grows without bound, a healthy JVM
     * plateaus.
     */
    boolean rssFlat() {
        List<Sample> all = samples();
        if (all.size() < 4) {
            return true;
        }
        long firstHalfMax = all.subList(1, all.size() / 2 + 1).stream().mapToLong(Sample::rssKb).max().orElseThrow();
        return all.getLast().rssKb() <= firstHalfMax * 1.25 + 32 * 1024;
    }

    String rssSummary() {
        return summary(samples().stream().mapToLong(Sample::rssKb).toArray(), 1024, "MiB");
    }

    String heapSummary() {
        return summary(samples().stream().mapToLong(Sample::heapBytes).toArray(), 1024 * 1024, "MiB");
    }

    private static String summary(long[] values, long divisor, String unit) {
        if (values.length == 0) {
            return "no samples";
        }
        long max = java.util.Arrays.stream(values).max().orElseThrow();
        return "first %d, last %d, max %d %s (%d samples)".formatted(values[0] / divisor,
                values[values.length - 1] / divisor, max / divisor, unit, values.length);
    }

    private long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException("no VmRSS for " + pid);
    }

    private static long heapBytes(String metrics) {
        return (long) metrics.lines().filter(l -> l.startsWith("mana_ai_jvm_memory_used_bytes{area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private String metrics() throws IOException, InterruptedException {
        return get("/metrics").body();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
