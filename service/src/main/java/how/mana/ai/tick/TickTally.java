package how.mana.ai.tick;

import how.mana.ai.mission.AgentDecision;
import how.mana.ai.projection.RefreshResult;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.sync.SyncChanges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what one tick does, from many planning threads at once, and mirrors each count into the service's
 * cumulative counters.
 */
final class TickTally {
    private final AtomicInteger plansProduced = new AtomicInteger();
    private final AtomicInteger plansWrittenBack = new AtomicInteger();
    private final AtomicInteger parseFailures = new AtomicInteger();
    private final AtomicInteger llmFailures = new AtomicInteger();
    private final AtomicInteger superseded = new AtomicInteger();
    private final AtomicInteger failedIterationsWritten = new AtomicInteger();
    private final AtomicInteger deferred = new AtomicInteger();
    private final AtomicInteger encryptedSkipped = new AtomicInteger();
    private final Map<AgentDecision, AtomicInteger> agentSkipped = new ConcurrentHashMap<>();
    private final AtomicLong tokensUsed = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger researchPending = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> researchErrors = new ConcurrentLinkedQueue<>();
    private final TickMeters meters;

    TickTally(TickMeters meters) {
        this.meters = meters;
    }

    void planProduced() {
        plansProduced.incrementAndGet();
        meters.plansProduced.increment();
    }

    void planWrittenBack() {
        plansWrittenBack.incrementAndGet();
        meters.plansWrittenBack.increment();
    }

    void parseFailure() {
        parseFailures.incrementAndGet();
        meters.parseFailures.increment();
    }

    void llmFailure() {
        llmFailures.incrementAndGet();
        meters.llmFailures.increment();
    }

    void superseded() {
        superseded.incrementAndGet();
        meters.superseded.increment();
    }

    /** A decision of the agent gates; only the skips appear in the stats, every decision in the metric. */
    void agentDecision(AgentDecision decision) {
        if (decision != AgentDecision.RAN) {
            agentSkipped.computeIfAbsent(decision, d -> new AtomicInteger()).incrementAndGet();
        }
        meters.agentDecisions.get(decision).increment();
    }

    void encryptedSkipped() {
        encryptedSkipped.incrementAndGet();
        meters.encryptedSkipped.increment();
    }

    /** Tokens a planning run spent, whatever became of it. */
    void tokensUsed(long tokens) {
        tokensUsed.addAndGet(tokens);
    }

    void failedIterationWritten() {
        failedIterationsWritten.incrementAndGet();
        meters.failedIterations.increment();
    }

    /** A mission left unplanned this tick to wait for its deep research (counted in the research metrics). */
    void researchPending() {
        researchPending.incrementAndGet();
    }

    /** A research call that failed for a mission; {@code entry} starts with {@code mission=<id>}. */
    void researchError(String entry) {
        researchErrors.add(entry);
    }

    /** Whether this tick appended any row to {@code sync_changes}. */
    boolean wroteAny() {
        return plansWrittenBack.get() + failedIterationsWritten.get() > 0;
    }

    void deferred() {
        deferred.incrementAndGet();
    }

    /**
     * A mission whose plan was not written this tick because planning failed (counted as an LLM or parse failure);
     * {@code entry} starts with {@code mission=<id>}.
     */
    void error(String entry) {
        errors.add(entry);
    }

    /** A mission whose run failed with an exception (a database error, say); also an {@link #error}. */
    void missionError(String entry) {
        errors.add(entry);
        meters.missionErrors.increment();
    }

    TickStats stats(Instant scannedAt, int due, int skippedMissions, long rowsFolded, long malformedRows,
                    long durationMs) {
        List<String> sortedErrors = new ArrayList<>(errors);
        sortedErrors.sort(null);
        List<String> sortedResearchErrors = new ArrayList<>(researchErrors);
        sortedResearchErrors.sort(null);
        return new TickStats(how.mana.ai.mission.IsoTime.format(scannedAt), due, plansProduced.get(),
                plansWrittenBack.get(), parseFailures.get(), sortedErrors, llmFailures.get(), superseded.get(),
                failedIterationsWritten.get(), deferred.get(), skippedMissions, encryptedSkipped.get(),
                agentSkippedCounts(), tokensUsed.get(), researchPending.get(), sortedResearchErrors, rowsFolded,
                malformedRows, durationMs);
    }

    private Map<String, Integer> agentSkippedCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        agentSkipped.forEach((decision, count) -> counts.put(decision.wireName(), count.get()));
        return counts;
    }

    /** The service-lifetime counters of SPEC §8 and SPEC-LATEST §18.1 (and a few more), all there from the start. */
    static final class TickMeters {
        final Counter plansProduced;
        final Counter plansWrittenBack;
        final Counter parseFailures;
        final Counter llmFailures;
        final Counter superseded;
        final Counter failedIterations;
        final Counter missionErrors;
        final Counter encryptedSkipped;
        final Counter snapshotsNew;
        final Counter snapshotsUpdated;
        final Counter snapshotRowsApplied;
        final Counter polls;
        final Counter pollFailures;
        /** Every decision's counter exists from the start, so a fresh replica can be alerted on. */
        final Map<AgentDecision, Counter> agentDecisions = new EnumMap<>(AgentDecision.class);
        private final MeterRegistry registry;

        TickMeters(MeterRegistry registry) {
            this.registry = registry;
            plansProduced = counter(registry, "mana_ai_plans_produced", "Plans that passed the parser");
            plansWrittenBack = counter(registry, "mana_ai_plans_written_back", "Plans written back as iterations");
            parseFailures = counter(registry, "mana_ai_parse_failures", "LLM answers rejected by the parser");
            llmFailures = counter(registry, "mana_ai_llm_failures", "Missions whose LLM call failed");
            superseded = counter(registry, "mana_ai_superseded",
                    "Plans dropped because the mission changed before the write");
            failedIterations = counter(registry, "mana_ai_failed_iterations_written",
                    "Failed iterations written after the last attempt");
            missionErrors = counter(registry, "mana_ai_mission_errors",
                    "Mission runs that failed with an error (not an LLM or parse failure)");
            encryptedSkipped = counter(registry, "mana_ai_encrypted_skipped",
                    "Due missions left to the device because their title and objective are encrypted");
            snapshotsNew = counter(registry, "mana_ai_snapshots_new", "Missions new to the snapshot");
            snapshotsUpdated = counter(registry, "mana_ai_snapshots_updated",
                    "Missions of the snapshot changed by new rows");
            snapshotRowsApplied = counter(registry, "mana_ai_snapshot_rows_applied",
                    "Mission rows of sync_changes folded into the snapshot");
            polls = counter(registry, "mana_ai_polls", "Polls of continuous planning (completed or failed)");
            pollFailures = counter(registry, "mana_ai_poll_failures",
                    "Polls of continuous planning that failed (say, the database was unreachable)");
            for (AgentDecision decision : AgentDecision.values()) {
                agentDecisions.put(decision, Counter.builder("mana_ai_agent_decisions")
                        .description("What the agent gates decided for due missions of agents")
                        .tag("decision", decision.wireName()).register(registry));
            }
            // Registered up front for the tables the write-back checks, so the series exist at zero for alerting.
            unexpectedRowCounts(SlotStore.TABLE);
            unexpectedRowCounts(SyncChanges.TABLE);
        }

        /** What a refresh of the mission projection did. */
        void missionsRefreshed(RefreshResult result) {
            snapshotsNew.increment(result.recordsCreated());
            snapshotsUpdated.increment(result.recordsChanged());
            snapshotRowsApplied.increment(result.rowsFolded());
        }

        /**
         * {@code mana_ai_tokens_used_total{agent_id}} (SPEC-LATEST §18.1): the tokens a run recorded against its
         * agent's budget, once per run like the usage the budget records; nothing for a run that used none.
         * Agent ids are an open set, so each series appears with its agent's first run.
         */
        void tokensRecorded(String agentId, long tokens) {
            if (tokens > 0) {
                Counter.builder("mana_ai_tokens_used").description("Tokens recorded against agents' daily budgets")
                        .tag("agent_id", agentId).register(registry).increment(tokens);
            }
        }

        /** A statement that had to touch exactly one row of {@code table} touched another number. */
        void unexpectedRowCount(String table) {
            unexpectedRowCounts(table).increment();
        }

        private Counter unexpectedRowCounts(String table) {
            return Counter.builder("mana_ai_unexpected_row_counts")
                    .description("Statements that had to touch exactly one row and touched another number; "
                            + "each rolled its mission's write back")
                    .tag("table", table).register(registry);
        }

        private static Counter counter(MeterRegistry registry, String name, String description) {
            return Counter.builder(name).description(description).register(registry);
        }
    }
}
