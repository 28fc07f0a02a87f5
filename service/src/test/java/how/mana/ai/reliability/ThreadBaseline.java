package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The platform threads alive at one moment, to show later that work in between left none behind. Left out: the
 * JDK's own JVM-wide, bounded machinery that starts lazily on first use — the carrier and helper threads of virtual
 * threads, and the common fork-join pool. (The fake LLM answers on virtual threads, which are never listed.)
 */
final class ThreadBaseline {
    private final Set<Long> ids;

    private ThreadBaseline(Set<Long> ids) {
        this.ids = ids;
    }

    static ThreadBaseline now() {
        return new ThreadBaseline(Thread.getAllStackTraces().keySet().stream().map(Thread::threadId)
                .collect(Collectors.toSet()));
    }

    /** Waits (threads of a pool end after their keep-alive) until no thread started since the baseline lives. */
    void assertNoneLeaked(Duration within) {
        Awaitility.await("threads back to the baseline").atMost(within).pollInSameThread()
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(newThreads()).as("threads started since the baseline").isEmpty());
    }

    /** Name and daemon flag of each live thread that is neither in the baseline nor infrastructure. */
    List<String> newThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !ids.contains(t.threadId()) && !infrastructure(t))
                .map(t -> t.getName() + (t.isDaemon() ? " (daemon)" : " (non-daemon)"))
                .sorted().toList();
    }

    private static final Set<String> JDK_SINGLETONS =
            Set.of("ForkJoinPool-1-delayScheduler", "MasterPoller", "VirtualThread-unblocker");

    private static boolean infrastructure(Thread t) {
        String name = t.getName();
        return t.getClass().getName().endsWith("CarrierThread") || JDK_SINGLETONS.contains(name)
                || name.startsWith("ForkJoinPool.commonPool-worker-");
    }
}
