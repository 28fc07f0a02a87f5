package how.mana.ai.tick;

import how.mana.ai.db.UnexpectedRowCount;
import how.mana.ai.mission.Agent;
import how.mana.ai.mission.AgentDecision;
import how.mana.ai.mission.Mission;
import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.Planner;
import how.mana.ai.planner.PlanningRun;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.projection.FoldedWhole;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.projection.RecordKey;
import how.mana.ai.projection.RefreshResult;
import how.mana.ai.research.Research;
import how.mana.ai.research.ResearchResult;
import how.mana.ai.runs.Backoff;
import how.mana.ai.runs.Claim;
import how.mana.ai.runs.ClaimResult;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One tick, a full pass: bring the snapshot up to date, find the due missions, and for each — on its own virtual
 * thread, on one of the process's planning slots ({@link PlanningSlots}) — claim its slot, plan it, and write the
 * plan back; then fold the pass's own writes and prune. A mission's failure is counted against it alone. Traced as a
 * {@code tick} span with a {@code tick.refresh} child and a {@code tick.planMission} child per due mission, which
 * holds its LLM requests and its {@code tick.writeBack} ({@link TickSpans}).
 *
 * <p>Continuous planning ({@link PlanningLoop}) runs the same per-mission code from {@link #poll}: fold the new rows
 * that change whether a mission is due, find the due missions, fold each whole, start each one this process is not
 * planning yet while a slot is free, and return at once.
 * A mission its agent held back is left to the next full pass, which looks at every due mission again.
 */
public final class MissionTick implements Tick {
    private static final Logger log = LoggerFactory.getLogger(MissionTick.class);
    /** Finished slots are kept this long for operators to look at, then pruned. */
    private static final Duration SLOT_RETENTION = Duration.ofDays(7);
    private static final Duration PRUNE_EVERY = Duration.ofHours(1);

    private final MissionProjection projection;
    private final AgentGates agents;
    private final SlotStore slots;
    private final Planner planner;
    private final Research research;
    private final WriteBack writeBack;
    private final Backoff backoff;
    private final Settings settings;
    private final TickTally.TickMeters meters;
    private final Tracer tracer;
    private final Clock clock;
    private final AtomicReference<Instant> lastPrune = new AtomicReference<>(Instant.EPOCH);
    private final PlanningSlots planningSlots;
    /**
     * Slots whose mission was held back (an agent's gate, deep research running on), with the number of the pass
     * during which it was: polls leave them to the next pass, which looks again; a pass forgets those it did not see
     * held back again.
     */
    private final Map<SlotKey, Long> heldBack = new ConcurrentHashMap<>();
    private final AtomicLong passes = new AtomicLong();
    /** Due records the last poll could not read as missions: they take places in the next poll's due query too. */
    private final AtomicInteger unreadableLastPoll = new AtomicInteger();

    /**
     * @param owner       this process's name on the leases it takes (unique per process)
     * @param maxMissions how many due missions one tick takes up at most, oldest first; the rest wait a tick
     * @param lease       how long a claim stays this process's without renewal; renewed every {@link #heartbeat()}
     *                    while its run is alive, so it may be far shorter than planning one mission can take
     * @param tools       the tools a mission's run is offered
     */
    public record Settings(String owner, int concurrency, int maxMissions, int maxAttempts, Duration lease,
                           ToolCatalog tools) {
        /** Renewals per lease: three in a row may fail (a database blip) before a live run's lease lapses. */
        static final int HEARTBEATS_PER_LEASE = 4;

        Duration heartbeat() {
            return lease.dividedBy(HEARTBEATS_PER_LEASE);
        }
    }

    public MissionTick(MissionProjection projection, AgentGates agents, SlotStore slots, Planner planner,
                       Research research, WriteBack writeBack, Backoff backoff, Settings settings,
                       MeterRegistry registry, Tracer tracer, Clock clock) {
        this.projection = projection;
        this.agents = agents;
        this.slots = slots;
        this.planner = planner;
        this.research = research;
        this.writeBack = writeBack;
        this.backoff = backoff;
        this.settings = settings;
        this.meters = new TickTally.TickMeters(registry);
        this.tracer = tracer;
        this.clock = clock;
        this.planningSlots = new PlanningSlots(settings.concurrency(), slots, settings.owner(), settings.lease(),
                settings.heartbeat(), registry);
    }

    /** Continuous planning over this tick's missions and planning slots, polling every {@code pollInterval}. */
    @Override
    public Optional<PlanningLoop> loop(Duration pollInterval) {
        PlanningLoop loop = new PlanningLoop(this, planningSlots, pollInterval, meters);
        planningSlots.onSlotFreed(loop::slotFreed);
        return Optional.of(loop);
    }

    @Override
    public TickStats run() throws Exception {
        Span span = tracer.spanBuilder(TickSpans.TICK).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            TickStats stats = runTraced();
            span.setAttribute(TickSpans.DUE_MISSIONS, stats.dueMissionCount());
            span.setAttribute(TickSpans.PLANS_WRITTEN, stats.plansWrittenBack());
            span.setAttribute(TickSpans.ERRORS, stats.errors().size());
            return stats;
        } catch (Exception e) {
            span.setStatus(StatusCode.ERROR, FailureReason.of(e));
            throw e;
        } finally {
            span.end();
        }
    }

    private TickStats runTraced() throws Exception {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        long pass = passes.incrementAndGet();
        RefreshResult refreshed;
        RefreshResult agentsRefreshed;
        Span refresh = tracer.spanBuilder(TickSpans.REFRESH).startSpan();
        try (Scope ignored = refresh.makeCurrent()) {
            refreshed = projection.refresh();
            agentsRefreshed = agents.refresh();
            refresh.setAttribute(TickSpans.ROWS_FOLDED, refreshed.rowsFolded() + agentsRefreshed.rowsFolded());
        } finally {
            refresh.end();
        }
        meters.missionsRefreshed(refreshed);
        Instant now = clock.instant();
        var due = projection.claimableAt(now, settings.maxMissions(), SlotStore::unclaimable);
        due.skipped().forEach(invalid -> log.atWarn().addKeyValue("user", invalid.userId())
                .addKeyValue("mission", invalid.missionId()).addKeyValue("reason", invalid.reason())
                .log("due mission skipped"));
        List<Mission> missions = new ArrayList<>(due.missions());
        // Replicas see the same due list; a different order per replica spreads them over different slots.
        Collections.shuffle(missions);

        TickTally tally = new TickTally(meters);
        planAll(missions, agents.lookup(), tally);
        heldBack.values().removeIf(heldDuring -> heldDuring < pass);
        RefreshResult ownWrites = tally.wroteAny() ? foldOwnWrites() : RefreshResult.NOTHING;
        long rowsFolded = refreshed.rowsFolded() + agentsRefreshed.rowsFolded() + ownWrites.rowsFolded();
        long malformed = refreshed.malformedSkipped() + agentsRefreshed.malformedSkipped()
                + ownWrites.malformedSkipped();
        pruneSlotsHourly(clock.instant());
        long durationMs = (System.nanoTime() - t0) / 1_000_000;
        TickStats stats = tally.stats(started, missions.size(), due.skipped().size(), rowsFolded, malformed,
                durationMs);
        log.atInfo().addKeyValue("due", stats.dueMissionCount())
                .addKeyValue("written", stats.plansWrittenBack())
                .addKeyValue("llmFailures", stats.llmFailures())
                .addKeyValue("parseFailures", stats.parseFailures())
                .addKeyValue("superseded", stats.superseded())
                .addKeyValue("deferred", stats.deferred())
                .addKeyValue("encryptedSkipped", stats.encryptedSkipped())
                .addKeyValue("agentSkipped", stats.agentSkipped())
                .addKeyValue("tokensUsed", stats.tokensUsed())
                .addKeyValue("researchPending", stats.researchPending())
                .addKeyValue("researchErrors", stats.researchErrors().size())
                .addKeyValue("durationMs", durationMs)
                .log("tick finished");
        return stats;
    }

    /**
     * Each mission on a planning slot as one frees; returns when all are done. A mission this process is planning
     * already (continuous planning took it up), or any left when the service begins to stop, counts as deferred.
     */
    private void planAll(List<Mission> missions, AgentGates.Lookup lookup, TickTally tally) throws Exception {
        List<Future<?>> runs = new ArrayList<>();
        for (Mission mission : missions) {
            // Each mission's span is a child of the tick's, whatever thread runs it.
            planningSlots.startWhenFree(mission, Context.current().wrap(() -> runMission(mission, lookup, tally)))
                    .ifPresentOrElse(runs::add, tally::deferred);
        }
        for (Future<?> run : runs) {
            run.get();
        }
    }

    /**
     * One poll of continuous planning: fold whole the missions whose deciding fields changed, find the due missions,
     * fold whole those it did not already, and start each that is not in flight here, not held back by its agent
     * since the last pass, while a planning slot is free. Returns without waiting for them; each run counts into the
     * service's counters as it ends. Other new rows (an edited title, say) wait for the next pass's refresh, except
     * in a mission about to be planned: a mission is planned only from all its rows.
     */
    Poll poll() throws SQLException {
        FoldedWhole deciding = projection.refreshDeciding();
        meters.missionsRefreshed(deciding.result());
        agents.refresh();
        int free = planningSlots.freeSlots();
        if (free == 0) {
            return new Poll(0, true);
        }
        // Enough rows for every free slot, past those the loop passes over (in flight, held back, unreadable).
        int limit = Math.min(settings.maxMissions(),
                free + planningSlots.inFlight() + heldBack.size() + unreadableLastPoll.get());
        Instant now = clock.instant();
        var due = projection.claimableAt(now, limit, SlotStore::unclaimable);
        Set<RecordKey> whole = new HashSet<>(deciding.records());
        List<RecordKey> partly = due.missions().stream().filter(mission -> !heldBack.containsKey(SlotKey.of(mission)))
                .map(MissionTick::recordKey).filter(key -> !whole.contains(key)).toList();
        if (!partly.isEmpty()) {
            meters.missionsRefreshed(projection.foldWhole(partly));
            whole.addAll(partly);
            due = projection.claimableAt(now, limit, SlotStore::unclaimable);
        }
        unreadableLastPoll.set(due.skipped().size());
        AgentGates.Lookup lookup = agents.lookup();
        int started = 0;
        for (Mission mission : due.missions()) {
            // One not folded whole here became due while this poll folded (a pass's refresh): the next poll folds it.
            if (heldBack.containsKey(SlotKey.of(mission)) || !whole.contains(recordKey(mission))) {
                continue;
            }
            switch (planningSlots.tryStart(mission, () -> runMission(mission, lookup, new TickTally(meters)))) {
                case STARTED -> started++;
                case IN_FLIGHT -> {
                }
                case NO_FREE_SLOT, STOPPING -> {
                    return new Poll(started, true);
                }
            }
        }
        return new Poll(started, due.missions().size() + due.skipped().size() == limit);
    }

    private static RecordKey recordKey(Mission mission) {
        return new RecordKey(mission.userId(), mission.id());
    }

    /**
     * What a poll did.
     *
     * @param started   missions it started
     * @param saturated whether due missions may have been left for want of a free slot (or of rows under the limit)
     */
    record Poll(int started, boolean saturated) {
    }

    /**
     * Folds this tick's own writes into the snapshot, so {@code /internal/missions} shows them at once. The writes
     * are done whatever happens here; a failure only leaves them to the next tick's refresh.
     */
    private RefreshResult foldOwnWrites() {
        try {
            RefreshResult folded = projection.refresh();
            meters.missionsRefreshed(folded);
            return folded;
        } catch (SQLException e) {
            log.atWarn().addKeyValue("error", e.toString()).log("refresh after writing failed; the next tick folds them");
            return RefreshResult.NOTHING;
        }
    }

    /** Keeps {@code run_slots} from growing without end; a failure here is not the tick's. */
    private void pruneSlotsHourly(Instant now) {
        Instant last = lastPrune.get();
        if (Duration.between(last, now).compareTo(PRUNE_EVERY) < 0 || !lastPrune.compareAndSet(last, now)) {
            return;
        }
        try {
            int pruned = slots.prune(SLOT_RETENTION, MissionProjection::isCurrentSlot) + agents.pruneUsage();
            if (pruned > 0) {
                log.atInfo().addKeyValue("pruned", pruned).log("old run slots and token usage deleted");
            }
        } catch (SQLException e) {
            log.atWarn().addKeyValue("error", e.toString()).log("pruning run slots failed; will try again");
        }
    }

    private void runMission(Mission mission, AgentGates.Lookup lookup, TickTally tally) {
        Span span = tracer.spanBuilder(TickSpans.PLAN_MISSION).setAttribute(TickSpans.MISSION_ID, mission.id())
                .setAttribute(TickSpans.USER_ID, mission.userId()).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            runMission(mission, lookup, tally, span);
        } finally {
            span.end();
        }
    }

    private void runMission(Mission mission, AgentGates.Lookup lookup, TickTally tally, Span span) {
        SlotKey key = SlotKey.of(mission);
        Claim claimed = null;
        long usedInLastDay = 0;
        try {
            Optional<Agent> agent = lookup.agentOf(mission);
            TickSpans.agent(span, agent);
            Optional<AgentDecision> gated = agent.flatMap(AgentDecision::beforeClaim);
            if (gated.isPresent()) {
                skipped(mission, agent.get(), gated.get(), tally, span);
                return;
            }
            ClaimResult claim = agent.isPresent()
                    ? slots.claim(key, settings.owner(), settings.lease(), AgentGates.limitOf(agent.get()))
                    : slots.claim(key, settings.owner(), settings.lease())
                            .<ClaimResult>map(legacy -> new ClaimResult.Claimed(legacy, 0))
                            .orElseGet(ClaimResult.Unavailable::new);
            switch (claim) {
                case ClaimResult.Unavailable unavailable -> {
                    span.setAttribute(TickSpans.OUTCOME, "deferred");
                    tally.deferred();
                    return;
                }
                case ClaimResult.Refused refused -> {
                    skipped(mission, agent.orElseThrow(), refused.decision(), tally, span);
                    return;
                }
                case ClaimResult.Claimed granted -> {
                    claimed = granted.claim();
                    usedInLastDay = granted.usedInLastDay();
                }
            }
            if (!mission.serverMayPlan()) {
                span.setAttribute(TickSpans.OUTCOME, "encrypted-skipped");
                leaveToTheDevice(claimed, tally);
                return;
            }
            ResearchResult researched = research.prepare(mission, key);
            researched.problems().forEach(problem -> tally.researchError(key + " " + problem));
            if (!(researched instanceof ResearchResult.Ready ready)) {
                span.setAttribute(TickSpans.OUTCOME, "research-pending");
                waitForResearch(claimed, tally);
                return;
            }
            Instant startedAt = clock.instant();
            PlanOutcome outcome = planner.plan(mission, new PlanningRun(
                    agent.map(a -> AgentGates.toolsFor(a, settings.tools())).orElse(settings.tools()), agent,
                    usedInLastDay, ready.inputs()));
            tally.tokensUsed(outcome.usage().total());
            if (agent.isPresent()) {
                // Failed runs too: the provider charged for those tokens (SPEC-LATEST §13.1's contract).
                agents.recordUsage(mission, agent.get(), outcome.usage().total());
                meters.tokensRecorded(agent.get().id(), outcome.usage().total());
            }
            switch (outcome) {
                case PlanOutcome.Planned planned -> {
                    span.setAttribute(TickSpans.OUTCOME, "planned");
                    tally.planProduced();
                    if (write(claimed, new WriteBack.Content.Planned(planned.plan()), startedAt, tally)
                            && agent.isPresent()) {
                        agents.record(mission, agent.get(), AgentDecision.RAN);
                        tally.agentDecision(AgentDecision.RAN);
                    }
                }
                case PlanOutcome.LlmFailure failure -> {
                    tally.llmFailure();
                    String reason = "llm failure: " + failure.reason();
                    TickSpans.failed(span, "llm-failure", shortReason(reason));
                    planningFailed(claimed, reason, startedAt, tally);
                }
                case PlanOutcome.ParseFailure failure -> {
                    tally.parseFailure();
                    String reason = "plan rejected: " + failure.reason();
                    TickSpans.failed(span, "parse-failure", shortReason(reason));
                    planningFailed(claimed, reason, startedAt, tally);
                }
            }
        } catch (Exception e) {
            var event = log.atError().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId())
                    .addKeyValue("slot", key.slot()).addKeyValue("error", e.toString());
            if (e instanceof UnexpectedRowCount wrongCount) {
                meters.unexpectedRowCount(wrongCount.table());
                event = event.addKeyValue("table", wrongCount.table()).addKeyValue("rows", wrongCount.actual());
            }
            event.log("mission run failed");
            String reason = "error: " + shortReason(e.toString());
            TickSpans.failed(span, "error", reason);
            tally.missionError(key + " " + reason);
            if (claimed != null) {
                giveBack(claimed, e);
            }
        }
    }

    /**
     * A mission whose title and objective are both ciphertext: the server cannot tell what it is about, so the
     * device's own runner plans it (SPEC §21.2). No LLM call, no iteration; the slot is finished so that the mission
     * is not looked at again until its next run changes.
     */
    private void leaveToTheDevice(Claim claim, TickTally tally) throws SQLException {
        SlotKey key = claim.key();
        if (slots.skip(key, settings.owner(), "title and objective are encrypted")) {
            tally.encryptedSkipped();
            log.atInfo().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId())
                    .addKeyValue("slot", key.slot()).log("encrypted mission left to the device");
        } else {
            logLeaseLost(key);
        }
    }

    /**
     * The mission's deep-research job runs on (SPEC §19.2): not a failure and no attempt used up; the slot is given
     * back at once, so any replica polls the job again on its next pass (polls leave the mission to the passes).
     */
    private void waitForResearch(Claim claim, TickTally tally) throws SQLException {
        SlotKey key = claim.key();
        tally.researchPending();
        leaveToTheNextPass(key);
        if (slots.release(key, settings.owner())) {
            log.atInfo().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId())
                    .addKeyValue("slot", key.slot()).log("mission waits for its deep research");
        } else {
            logLeaseLost(key);
        }
    }

    /**
     * After a database error mid-run (say, the connection was cut): record the attempt, back off and free the slot,
     * so a later poll or tick retries it. Best effort: when the database is still unreachable, the lease lapses
     * within one lease (nothing renews it once the run has ended).
     */
    private void giveBack(Claim claim, Exception cause) {
        // A few tries: the pool evicts each connection the server cut, so a later try gets a working one.
        for (int attempt = 1; ; attempt++) {
            try {
                if (!slots.recordFailure(claim.key(), settings.owner(), shortReason("database error: " + cause),
                        backoff.delayAfter(claim.failedAttempts() + 1))) {
                    logLeaseLost(claim.key());
                }
                return;
            } catch (Exception e) {
                if (attempt == 3) {
                    log.atWarn().addKeyValue("user", claim.key().userId())
                            .addKeyValue("mission", claim.key().missionId()).addKeyValue("error", e.toString())
                            .log("slot not given back; retried once its lease runs out");
                    return;
                }
            }
        }
    }

    private void planningFailed(Claim claim, String reason, Instant startedAt, TickTally tally) throws Exception {
        SlotKey key = claim.key();
        int failures = claim.failedAttempts() + 1;
        log.atWarn().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId())
                .addKeyValue("attempt", failures).addKeyValue("reason", shortReason(reason))
                .log("planning failed");
        if (failures >= settings.maxAttempts()) {
            var result = tracedWrite(claim, new WriteBack.Content.Failed(shortReason(reason)), startedAt);
            if (result instanceof WriteBack.Result.Written) {
                tally.failedIterationWritten();
            }
            report(key, result, tally);
        } else if (!slots.recordFailure(key, settings.owner(), shortReason(reason), backoff.delayAfter(failures))) {
            logLeaseLost(key);
        }
        tally.error(key + " " + shortReason(reason) + " (attempt " + failures + " of " + settings.maxAttempts() + ")");
    }

    /** @return whether the plan was written */
    private boolean write(Claim claim, WriteBack.Content content, Instant startedAt, TickTally tally)
            throws Exception {
        var result = tracedWrite(claim, content, startedAt);
        if (result instanceof WriteBack.Result.Written) {
            tally.planWrittenBack();
        }
        report(claim.key(), result, tally);
        return result instanceof WriteBack.Result.Written;
    }

    /** The write-back in a {@code tick.writeBack} span of its own. */
    private WriteBack.Result tracedWrite(Claim claim, WriteBack.Content content, Instant startedAt) throws Exception {
        Span span = tracer.spanBuilder(TickSpans.WRITE_BACK).setAttribute(TickSpans.WRITE_CONTENT,
                content instanceof WriteBack.Content.Planned ? "plan" : "failed-iteration").startSpan();
        try (Scope ignored = span.makeCurrent()) {
            WriteBack.Result result = writeBack.write(claim, settings.owner(), content, startedAt);
            span.setAttribute(TickSpans.WRITE_RESULT, TickSpans.resultOf(result));
            return result;
        } catch (Exception e) {
            span.setStatus(StatusCode.ERROR, shortReason(e.toString()));
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * The agent's gates keep the mission from running now (SPEC §12.4): nothing is claimed or written and no attempt
     * is used up; the mission is looked at again next pass (polls pass it over until then).
     */
    private void skipped(Mission mission, Agent agent, AgentDecision decision, TickTally tally, Span span)
            throws SQLException {
        leaveToTheNextPass(SlotKey.of(mission));
        span.setAttribute(TickSpans.OUTCOME, decision.wireName());
        tally.agentDecision(decision);
        agents.record(mission, agent, decision);
        log.atInfo().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                .addKeyValue("agent", agent.id()).addKeyValue("decision", decision.wireName())
                .log("mission not planned: agent gate");
    }

    /**
     * A slot whose mission was looked at and is to wait (its agent held it back, its deep research runs on): polls
     * pass it over until the next pass looks at it again, so the check is not repeated, recorded and logged every
     * poll.
     */
    private void leaveToTheNextPass(SlotKey key) {
        heldBack.put(key, passes.get());
    }

    private static void report(SlotKey key, WriteBack.Result result, TickTally tally) {
        var event = log.atInfo().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId());
        switch (result) {
            case WriteBack.Result.Written written -> event.addKeyValue("iteration", written.iterationId())
                    .addKeyValue("nextRunAt", written.nextRunAt().map(Instant::toString).orElse("none"))
                    .log("iteration written");
            case WriteBack.Result.Superseded superseded -> {
                tally.superseded();
                event.addKeyValue("reason", superseded.why()).log("plan superseded");
            }
            case WriteBack.Result.LeaseLost lost -> event.log("slot taken over by another run; nothing written");
        }
    }

    /** Expected now and then: this run outlasted its lease and another run took the slot over or finished it. */
    private static void logLeaseLost(SlotKey key) {
        log.atInfo().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId())
                .addKeyValue("slot", key.slot()).log("slot taken over by another run; failure not recorded");
    }

    static String shortReason(String reason) {
        String oneLine = reason.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
