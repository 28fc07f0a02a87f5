package how.mana.ai.research;

import how.mana.ai.mission.Ciphertext;
import how.mana.ai.mission.Mission;
import how.mana.ai.resolve.ResolvedInput;
import how.mana.ai.runs.SlotKey;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Research before planning (SPEC-LATEST §19), done by the tick for a mission whose slot it holds: first the
 * mission's deep-research job, if it has one pending (polled whether or not deep research is enabled); then, when
 * enabled and asked for, a new job for this slot; else shallow research when the mission's words ask for it.
 *
 * <p>The query is the objective. An objective that is ciphertext never leaves the service: no research call is
 * made for it at all (§21.2). Failed calls are logged at WARN with user, mission and the call's reason (never the
 * query) and returned as problems; they only ever mean planning without that research.
 */
public final class Research implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Research.class);

    private final ResearchSettings settings;
    private final ResearchHttp http;
    private final NewsResearch news;
    private final DeepResearchService deep;
    private final ResearchJobs jobs;
    private final ResearchMeters meters;

    public Research(ResearchSettings settings, DataSource database, MeterRegistry registry) {
        this.settings = settings;
        this.http = new ResearchHttp(settings.discoverTimeout(), settings.maxAnswerBytes());
        this.news = new NewsResearch(http, settings);
        this.deep = new DeepResearchService(http, settings);
        this.jobs = new ResearchJobs(database);
        this.meters = new ResearchMeters(registry);
    }

    /**
     * The research for one run of the mission in {@code slot}, which the caller holds the claim on.
     *
     * @throws SQLException when the job table cannot be read or written: a database error, the run's like any other
     */
    public ResearchResult prepare(Mission mission, SlotKey slot) throws SQLException {
        Run run = new Run(mission);
        Optional<ResearchJobs.Job> job = jobs.find(mission.userId(), mission.id());
        if (job.isPresent() && job.get().state() == ResearchJobs.State.PENDING) {
            Optional<ResearchResult> polled = poll(run, job.get());
            if (polled.isPresent()) {
                return polled.get();
            }
            // The job ended without an answer: shallow research instead, and no new job on this pass.
            return run.shallow();
        }
        if (job.isPresent() && job.get().state() == ResearchJobs.State.SUBMITTING
                && job.get().slot().equals(slot.slot())) {
            // Reserved for this very slot but never recorded as submitted: its run died (or lost its lease) between
            // the reservation and the answer. Whether the service got the job is unknown, so it is not sent again.
            jobs.done(mission.userId(), mission.id(), job.get());
            run.problem("deep research submit: interrupted before its answer was recorded; not submitted again");
        } else if (settings.deepEnabled() && run.query.isPresent()
                && ResearchTrigger.deep(run.objective, run.concept) && jobs.reserve(slot)) {
            return submit(run, slot);
        }
        return run.shallow();
    }

    /** The job's state: a result when the mission waits or has its answer, empty when the job ended without one. */
    private Optional<ResearchResult> poll(Run run, ResearchJobs.Job job) throws SQLException {
        Mission mission = run.mission;
        if (job.age().compareTo(settings.deepMaxWait()) > 0) {
            jobs.done(mission.userId(), mission.id(), job);
            meters.failed.increment();
            run.problem("deep research: no answer after " + settings.deepMaxWait().toMinutes()
                    + " min (MANA_AI_DEEP_RESEARCH_MAX_WAIT_MS); given up");
            return Optional.empty();
        }
        DeepResearchService.JobState state;
        try {
            state = deep.poll(mission.userId(), job.taskId().orElseThrow());
        } catch (CallFailed e) {
            run.failed(e);
            jobs.polled(mission.userId(), mission.id(), job);
            return Optional.of(run.waiting());
        }
        switch (state) {
            case DeepResearchService.JobState.Waiting waiting -> {
                jobs.polled(mission.userId(), mission.id(), job);
                return Optional.of(run.waiting());
            }
            case DeepResearchService.JobState.Ended ended -> {
                jobs.done(mission.userId(), mission.id(), job);
                meters.failed.increment();
                log.atInfo().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                        .addKeyValue("status", ended.status()).log("deep research ended without an answer");
                return Optional.empty();
            }
            case DeepResearchService.JobState.Completed completed -> {
                jobs.done(mission.userId(), mission.id(), job);
                meters.completed.increment();
                if (completed.answer().isBlank()) {
                    return Optional.empty();
                }
                return Optional.of(new ResearchResult.Ready(List.of(ResearchInputs.answer(run.query.orElse(""),
                        completed.answer(), completed.citations())), run.problems));
            }
        }
    }

    private ResearchResult submit(Run run, SlotKey slot) throws SQLException {
        Mission mission = run.mission;
        try {
            String taskId = deep.submit(mission.userId(), run.query.orElseThrow());
            meters.submitted.increment();
            if (!jobs.submitted(slot, taskId)) {
                log.atWarn().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                        .log("deep research submitted, but its reservation was given up meanwhile; not polled");
            }
            return run.waiting();
        } catch (CallFailed e) {
            // The slot keeps its one submission, used up: shallow research now, a new job only for a later slot.
            jobs.done(mission.userId(), mission.id(), new ResearchJobs.Job(slot.slot(),
                    ResearchJobs.State.SUBMITTING, Optional.empty(), Duration.ZERO));
            run.failed(e);
            return run.shallow();
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** One mission's research on this pass: what it asks and the problems met so far. */
    private final class Run {
        final Mission mission;
        final String objective;
        final String concept;
        /** The objective, when there is one that may leave the service. */
        final Optional<String> query;
        final List<String> problems = new ArrayList<>();

        Run(Mission mission) {
            this.mission = mission;
            this.objective = plain(mission.objective());
            this.concept = plain(mission.conceptMarkdown());
            this.query = Optional.of(objective.strip()).filter(q -> !q.isEmpty());
        }

        /** Ciphertext is no text to look for words in, nor to send anywhere. */
        private static String plain(String field) {
            return Ciphertext.contains(field) ? "" : field;
        }

        void failed(CallFailed failure) {
            meters.callFailed(failure);
            problem(failure.getMessage());
        }

        void problem(String problem) {
            problems.add(problem);
            log.atWarn().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                    .addKeyValue("reason", problem).log("research call failed");
        }

        ResearchResult waiting() {
            meters.pendingSkips.increment();
            return new ResearchResult.Waiting(problems);
        }

        ResearchResult shallow() {
            List<ResolvedInput> inputs = new ArrayList<>();
            if (query.isPresent() && ResearchTrigger.shallow(objective, concept)) {
                try {
                    news.research(query.get()).ifPresent(inputs::add);
                } catch (CallFailed e) {
                    failed(e);
                }
            }
            return new ResearchResult.Ready(inputs, problems);
        }
    }
}
