package how.mana.ai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.db.Database;
import how.mana.ai.tick.TickStats;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The measured side of the benchmark, run in its own JVM (with the heap limit under test) so that its heap and RSS
 * are the service's alone. It drives the service through the phases below on an already loaded workload and prints
 * one {@link ProbeResult} as JSON on stdout. Besides the service's own pool it holds one administrator connection
 * to play the devices' writes between ticks; that and the JSON are its only footprint beyond the service.
 */
public final class ServiceProbe {
    static final String RESULT_PREFIX = "BENCH-RESULT ";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int WARMUP = 2;
    /**
     * Pause between a batch of new rows and the refresh that reads it. A refresh's watermark is its visibility horizon
     * minus one second (see SnapshotRefresh), so rows younger than a second at one refresh are read again by the next.
     * With a tick a minute that is about 1/60 of the rows; rows written just before every measured refresh would all
     * be read twice, a load no deployment sees.
     */
    private static final Duration BETWEEN_TICKS = Duration.ofMillis(1_100);

    private final ProbeParams params;
    private final ServiceUnderTest service;
    private final WorkloadTraffic traffic;
    private final HeapSampler heap;
    private long editRounds;

    private ServiceProbe(ProbeParams params, ServiceUnderTest service, WorkloadTraffic traffic, HeapSampler heap) {
        this.params = params;
        this.service = service;
        this.traffic = traffic;
        this.heap = heap;
    }

    public static void main(String[] args) throws Exception {
        ProbeParams params = MAPPER.readValue(System.getenv(ProbeParams.VARIABLE), ProbeParams.class);
        try (HeapSampler heap = HeapSampler.start();
             HikariDataSource admin = Database.pool("bench-devices", params.admin().toDatabaseUrl(), 1, Duration.ZERO);
             ServiceUnderTest service = BenchService.start(params)) {
            ProbeResult result = new ServiceProbe(params, service, new WorkloadTraffic(admin), heap).measure();
            System.out.println(RESULT_PREFIX + MAPPER.writeValueAsString(result));
        }
    }

    private ProbeResult measure() throws Exception {
        heap.resetPeak();
        Duration bootstrap = Timing.time(0, round -> service.rebuildSnapshot());
        ProbeResult.Memory bootstrapMemory = memory();

        AtomicInteger dueNow = new AtomicInteger();
        Samples dueQuery = Timing.sample(WARMUP, params.repeat(), round -> { },
                round -> dueNow.set(service.dueCount(Instant.now())));
        int dueQueryCount = dueNow.get();
        ProbeResult.Memory dueQueryMemory = memory();

        ProbeResult.TickFigures drain = tick();
        ProbeResult.Memory drainMemory = memory();

        Samples refreshOnly = Timing.sample(WARMUP, params.repeat(), this::appendEdits,
                round -> service.refreshSnapshot());
        Samples steady = Timing.sample(WARMUP, params.repeat(), this::appendEdits, round -> {
            service.refreshSnapshot();
            dueNow.set(service.dueCount(Instant.now()));
        });
        int steadyDue = dueNow.get();
        ProbeResult.Memory steadyMemory = memory();

        traffic.armDue(params.due());
        ProbeResult.TickFigures planned = tick();
        ProbeResult.Memory plannedMemory = memory();

        double maxHeap = Math.max(Math.max(bootstrapMemory.heapPeakMb(), dueQueryMemory.heapPeakMb()),
                Math.max(Math.max(drainMemory.heapPeakMb(), steadyMemory.heapPeakMb()), plannedMemory.heapPeakMb()));
        return new ProbeResult(Samples.millis(bootstrap), params.missionRows() / (bootstrap.toNanos() / 1e9),
                ProbeResult.Percentiles.of(dueQuery), dueQueryCount, drain,
                ProbeResult.Percentiles.of(steady), ProbeResult.Percentiles.of(refreshOnly), steadyDue, planned,
                bootstrapMemory, dueQueryMemory, drainMemory, steadyMemory, plannedMemory, maxHeap);
    }

    /** The rows of one interval between ticks: {@code newRows} mission edits and the other apps' share. */
    private void appendEdits(int round) throws Exception {
        traffic.appendEdits(++editRounds, params.newRows(),
                params.newRows() * params.otherMultiplier());
        Thread.sleep(BETWEEN_TICKS);
    }

    private ProbeResult.TickFigures tick() throws Exception {
        long t0 = System.nanoTime();
        TickStats stats = service.tick();
        double wallMs = (System.nanoTime() - t0) / 1e6;
        long waves = (stats.dueMissionCount() + params.concurrency() - 1) / params.concurrency();
        return new ProbeResult.TickFigures(stats.dueMissionCount(), stats.plansWrittenBack(), stats.errors().size(),
                Math.round(wallMs * 100) / 100.0, (double) waves * params.llmLatencyMs());
    }

    private ProbeResult.Memory memory() {
        ProcessMemory rss = ProcessMemory.current();
        return new ProbeResult.Memory(mib(heap.usedBytes()), mib(heap.resetPeak()), rss.rssKb() / 1024.0,
                rss.hwmKb() / 1024.0);
    }

    private static double mib(long bytes) {
        return Math.round(bytes / 1024.0 / 1024.0 * 10) / 10.0;
    }
}
