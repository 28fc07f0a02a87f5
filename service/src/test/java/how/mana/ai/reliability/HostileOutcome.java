package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.tick.TickStats;
import java.time.Duration;

/** How one hostile model's run over a tick's one due mission must end: counted once, in time, holding nothing. */
enum HostileOutcome {
    LLM_FAILURE, PARSE_FAILURE, WRITTEN;

    /**
     * Asserts the tick counted exactly this outcome for its one mission, named a failure in its errors with
     * {@code reason}, took no longer than one LLM deadline (plus a fixed allowance for the database work around
     * it), and left no pool connection in use.
     */
    void assertEnded(InProcessService service, TickStats stats, String missionId, String reason) {
        assertThat(stats.dueMissionCount()).isEqualTo(1);
        assertThat(new int[] {stats.llmFailures(), stats.parseFailures(), stats.plansWrittenBack()})
                .as("llmFailures, parseFailures, written; stats %s", stats)
                .containsExactly(this == LLM_FAILURE ? 1 : 0, this == PARSE_FAILURE ? 1 : 0, this == WRITTEN ? 1 : 0);
        if (this != WRITTEN) {
            assertThat(stats.errors()).singleElement().asString().startsWith("mission=" + missionId)
                    .contains(reason);
        }
        Duration bound = service.config().llm().deadline().plus(Duration.ofSeconds(5));
        assertThat(Duration.ofMillis(stats.durationMs())).isLessThanOrEqualTo(bound);
        assertThat(service.activeConnections()).as("pool connections still in use").isZero();
    }
}
