package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;

/**
 * The platform threads alive at one moment, to show later that work in between left none behind. The threads of
 * the fake servers living in the same JVM and the JDK's carrier threads of virtual threads (a shared, bounded pool)
 * are not the service's and are left out.
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

    private static boolean infrastructure(Thread t) {
        return t.getClass().getName().endsWith("CarrierThread")
                || t.getName().contains("MockWebServer") || t.getName().startsWith("OkHttp");
    }
}
