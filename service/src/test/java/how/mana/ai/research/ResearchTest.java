package how.mana.ai.research;

import static how.mana.ai.testing.FakeResearch.Endpoint.DISCOVER;
import static how.mana.ai.testing.FakeResearch.Endpoint.POLL;
import static how.mana.ai.testing.FakeResearch.Endpoint.SEARCH;
import static how.mana.ai.testing.FakeResearch.Endpoint.SUBMIT;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.Config;
import how.mana.ai.mission.Mission;
import how.mana.ai.resolve.ResolvedInput;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.testing.FakeResearch;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Research before planning against real local fakes of both services and the real job table: what is sent, what is
 * injected, every way a service can misbehave, and the deep-research job's lifecycle and its one submission per slot.
 */
class ResearchTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Planted in objectives: no problem, log line or error may carry it. */
    private static final String MARKER = "objective-marker-77c1";
    private static final String NEWS = "Recherchiere die neuesten News zu Solarstrom " + MARKER;
    private static final String DEEP = "Hintergrundrecherche zu Wärmepumpen im Altbau und ihren Kosten " + MARKER;
    private static final Duration SHORT = Duration.ofMillis(500);

    private FakeResearch fake;
    private SimpleMeterRegistry meters;

    @BeforeEach
    void start() throws Exception {
        fake = FakeResearch.start();
        meters = new SimpleMeterRegistry();
        try (Connection c = db.admin().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE mana_ai.mission_research_jobs");
        }
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private ResearchSettings settings(boolean deep) {
        return ResearchSettings.from(Config.from(Map.of("MANA_API_URL", fake.url().toString(),
                        "MANA_RESEARCH_URL", fake.url() + "/", "MANA_SERVICE_KEY", "research-key-1")))
                .withLimits(SHORT, 64 * 1024).withDeep(deep);
    }

    private Research research(boolean deep) {
        return new Research(settings(deep), db.service(), meters);
    }

    static Mission mission(String userId, String missionId, String objective, String concept) {
        ObjectNode record = JSON.createObjectNode().put("title", "Mission " + missionId)
                .put("objective", objective).put("conceptMarkdown", concept).put("state", "active")
                .put("nextRunAt", "2026-05-01T08:00:00.000Z");
        return ((Mission.Valid) Mission.from(userId, missionId, record, false)).mission();
    }

    private static SlotKey slot(Mission mission) {
        return new SlotKey(mission.userId(), mission.id(), mission.nextRunAtText().orElseThrow());
    }

    private static ResearchResult.Ready ready(ResearchResult result) {
        assertThat(result).isInstanceOf(ResearchResult.Ready.class);
        return (ResearchResult.Ready) result;
    }

    @Test
    void shallowResearchAsksDiscoverThenSearchWithoutAuthAndInjectsTheArticles() throws Exception {
        fake.enqueue(DISCOVER, FakeResearch.feeds("https://solar.example/feed", "https://energie.example/rss"));
        fake.enqueue(SEARCH, FakeResearch.articles(
                "https://solar.example/a1", "Rekord bei Balkonkraftwerken", "Mehr als eine Million …", "2026-04-30",
                "https://energie.example/a2", "Einspeisevergütung sinkt", "", ""));
        Mission mission = mission("u1", "m-news", NEWS, "");

        ResearchResult.Ready result;
        try (Research research = research(false)) {
            result = ready(research.prepare(mission, slot(mission)));
        }

        var discover = fake.received(DISCOVER).getFirst();
        assertThat(discover.body()).isEqualTo(JSON.readTree(
                "{\"query\":" + JSON.writeValueAsString(NEWS) + ",\"language\":\"de\",\"limit\":5}"));
        var search = fake.received(SEARCH).getFirst();
        assertThat(search.body()).isEqualTo(JSON.readTree("{\"feeds\":[\"https://solar.example/feed\","
                + "\"https://energie.example/rss\"],\"query\":" + JSON.writeValueAsString(NEWS) + ",\"limit\":8}"));
        for (var request : List.of(discover, search)) {
            assertThat(request.headers()).doesNotContainKeys("authorization", "x-service-key", "x-user-id");
        }
        assertThat(result.problems()).isEmpty();
        ResolvedInput input = result.inputs().getFirst();
        assertThat(input.id()).isEqualTo("__web-research__");
        assertThat(input.module()).isEqualTo("news-research");
        assertThat(input.table()).isEqualTo("web");
        assertThat(input.title()).isEqualTo("Web-Research: \"" + NEWS.substring(0, 60) + "\"");
        assertThat(input.details()).containsSubsequence("## Rekord bei Balkonkraftwerken",
                "> Mehr als eine Million …", "URL: https://solar.example/a1", "Datum: 2026-04-30",
                "## Einspeisevergütung sinkt", "URL: https://energie.example/a2", "---");
        assertThat(input.details()).contains("2 Feeds durchsucht, 2 Artikel gefunden.");
        assertThat(input.details().getLast()).contains("ausschließlich die oben gelisteten URLs");
    }

    @Test
    void aMissionWhoseWordsAskForNoResearchCausesNoCall() throws Exception {
        Mission mission = mission("u1", "m-quiet", "3x pro Woche laufen", "Laufen und Lernen");
        try (Research research = research(true)) {
            assertThat(ready(research.prepare(mission, slot(mission))).inputs()).isEmpty();
        }
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void aCiphertextObjectiveNeverLeavesTheServiceEvenWhenTheConceptAsksForResearch() throws Exception {
        Mission mission = mission("u1", "m-secret", "enc:1:c2VjcmV0IG5ld3M=",
                "Recherchiere die neuesten News; deep dive");
        try (Research research = research(true)) {
            ResearchResult.Ready result = ready(research.prepare(mission, slot(mission)));
            assertThat(result.inputs()).isEmpty();
            assertThat(result.problems()).isEmpty();
        }
        assertThat(fake.requestCount()).isZero();
    }

    @Test
    void noFeedsMeansNoSearchAndNothingInjectedWithoutAProblem() throws Exception {
        Mission mission = mission("u1", "m-news", NEWS, "");
        try (Research research = research(false)) {
            ResearchResult.Ready result = ready(research.prepare(mission, slot(mission)));
            assertThat(result.inputs()).isEmpty();
            assertThat(result.problems()).isEmpty();
        }
        assertThat(fake.received(SEARCH)).isEmpty();
    }

    @Test
    void everyMisbehaviourOfTheNewsApiMeansPlanningWithoutResearchAndAClearProblem() throws Exception {
        record Case(FakeResearch.Endpoint endpoint, FakeResearch.Answer answer, String problem) {
        }
        List<Case> cases = List.of(
                new Case(DISCOVER, FakeResearch.json(500, "{\"error\":\"" + MARKER + "\"}"),
                        "news-research discover: HTTP 500"),
                new Case(DISCOVER, FakeResearch.after(Duration.ofSeconds(3), FakeResearch.feeds("https://f")),
                        "news-research discover: timed out after 500 ms"),
                new Case(DISCOVER, FakeResearch.oversized(256 * 1024),
                        "news-research discover: answer larger than 65536 bytes"),
                new Case(DISCOVER, FakeResearch.json(200, "<html>" + MARKER + "</html>"),
                        "news-research discover: malformed answer: not JSON"),
                new Case(DISCOVER, FakeResearch.json(200, "{\"feeds\":\"" + MARKER + "\"}"),
                        "news-research discover: malformed answer: no feeds array"),
                new Case(SEARCH, FakeResearch.json(503, ""), "news-research search: HTTP 503"),
                new Case(SEARCH, FakeResearch.json(200, "[1,2]"),
                        "news-research search: malformed answer: not a JSON object"));
        Mission mission = mission("u1", "m-news", NEWS, "");
        try (Research research = research(false); LogCapture logs = new LogCapture()) {
            for (Case c : cases) {
                if (c.endpoint() == SEARCH) {
                    fake.enqueue(DISCOVER, FakeResearch.feeds("https://f"));
                }
                fake.enqueue(c.endpoint(), c.answer());

                ResearchResult.Ready result = ready(research.prepare(mission, slot(mission)));

                assertThat(result.inputs()).as(c.problem()).isEmpty();
                assertThat(result.problems()).as(c.problem()).containsExactly(c.problem());
            }
            assertThat(logs.lines()).filteredOn(line -> line.contains("research call failed")).hasSize(cases.size());
            assertThat(logs.lines()).noneMatch(line -> line.contains(MARKER));
        }
    }

    @Test
    void aDeepJobIsSubmittedWithTheServiceHeadersPolledUntilCompletedAndItsAnswerInjected() throws Exception {
        Mission mission = mission("u-deep", "m-deep", DEEP, "");
        SlotKey slot = slot(mission);
        try (Research research = research(true)) {
            assertThat(research.prepare(mission, slot)).isInstanceOf(ResearchResult.Waiting.class);
            var submit = fake.received(SUBMIT).getFirst();
            assertThat(submit.body()).isEqualTo(JSON.readTree("{\"query\":" + JSON.writeValueAsString(DEEP)
                    + ",\"provider\":\"gemini-deep-research-max\"}"));
            assertThat(submit.header("X-Service-Key")).isEqualTo("research-key-1");
            assertThat(submit.header("X-User-Id")).isEqualTo("u-deep");
            assertThat(submit.header("X-App-Id")).isEqualTo("mana-ai");
            assertThat(jobRow("u-deep", "m-deep")).isEqualTo("pending/task-1/" + slot.slot());

            // Still running: the mission waits again, and nothing more is submitted.
            assertThat(research.prepare(mission, slot)).isInstanceOf(ResearchResult.Waiting.class);
            var poll = fake.received(POLL).getFirst();
            assertThat(poll.path()).isEqualTo("/api/v1/internal/research/async/task-1");
            assertThat(poll.header("X-Service-Key")).isEqualTo("research-key-1");
            assertThat(poll.header("X-User-Id")).isEqualTo("u-deep");
            assertThat(poll.header("X-App-Id")).isEqualTo("mana-ai");

            fake.enqueue(POLL, FakeResearch.completed("  Wärmepumpen lohnen sich ab …\n\nFazit: ja.  ",
                    "https://waerme.example/studie", "Studie 2026"));
            ResearchResult.Ready done = ready(research.prepare(mission, slot));
            ResolvedInput input = done.inputs().getFirst();
            assertThat(input.id()).isEqualTo("__web-research__");
            assertThat(input.title()).isEqualTo("Deep Research: \"" + DEEP.substring(0, 60) + "\"");
            assertThat(input.details()).containsSubsequence("Wärmepumpen lohnen sich ab …", "Fazit: ja.",
                    "## Quellen", "- [Studie 2026](https://waerme.example/studie) — Auszug", "---");
            assertThat(jobRow("u-deep", "m-deep")).startsWith("done/");
        }
        assertThat(fake.received(SUBMIT)).hasSize(1);
        assertThat(counter("mana_ai_research_jobs_submitted")).isEqualTo(1);
        assertThat(counter("mana_ai_research_jobs_completed")).isEqualTo(1);
        assertThat(meters.get("mana_ai_research_jobs_pending_skips").counter().count()).isEqualTo(2);
    }

    @Test
    void aFailedJobFallsBackToShallowResearchAndItsSlotIsNotSubmittedAgain() throws Exception {
        String objective = "Deep dive: die neuesten News zu Solarstrom " + MARKER;
        Mission mission = mission("u1", "m-fails", objective, "");
        fake.on(DISCOVER, FakeResearch.feeds("https://f")).on(SEARCH,
                FakeResearch.articles("https://solar.example/a1", "Solar-Rekord", "Auszug", "2026-04-30"));
        try (Research research = research(true)) {
            assertThat(research.prepare(mission, slot(mission))).isInstanceOf(ResearchResult.Waiting.class);
            fake.enqueue(POLL, FakeResearch.job("failed"));

            ResearchResult.Ready fallback = ready(research.prepare(mission, slot(mission)));
            assertThat(fallback.inputs().getFirst().title()).startsWith("Web-Research: ");

            // A retry of the same slot (the plan failed, say): still no second job.
            assertThat(research.prepare(mission, slot(mission))).isInstanceOf(ResearchResult.Ready.class);
        }
        assertThat(fake.received(SUBMIT)).hasSize(1);
        assertThat(counter("mana_ai_research_jobs_failed")).isEqualTo(1);
    }

    @Test
    void aJobOfAnEarlierSlotIsPolledAndANewSlotMaySubmitOnceMore() throws Exception {
        Mission mission = mission("u1", "m-weekly", DEEP, "");
        try (Research research = research(true)) {
            research.prepare(mission, slot(mission));
            fake.enqueue(POLL, FakeResearch.job("cancelled"));
            SlotKey nextWeek = new SlotKey("u1", "m-weekly", "2026-05-08T08:00:00.000Z");
            assertThat(research.prepare(mission, nextWeek)).isInstanceOf(ResearchResult.Ready.class);
            assertThat(fake.received(SUBMIT)).as("not on the pass that found the old job ended").hasSize(1);

            assertThat(research.prepare(mission, nextWeek)).isInstanceOf(ResearchResult.Waiting.class);
        }
        assertThat(fake.received(SUBMIT)).hasSize(2);
    }

    @Test
    void aPendingJobIsPolledEvenWithDeepResearchSwitchedOff() throws Exception {
        Mission mission = mission("u1", "m-off", DEEP, "");
        try (Research on = research(true)) {
            on.prepare(mission, slot(mission));
        }
        try (Research off = research(false)) {
            assertThat(off.prepare(mission, slot(mission))).isInstanceOf(ResearchResult.Waiting.class);
            fake.enqueue(POLL, FakeResearch.completed("Antwort", "https://q.example", "Quelle"));
            assertThat(ready(off.prepare(mission, slot(mission))).inputs()).hasSize(1);
        }
        assertThat(fake.received(POLL)).hasSize(2);
    }

    @Test
    void aJobWithoutAnAnswerForLongerThanTheMaxWaitIsGivenUpForShallowResearch() throws Exception {
        Mission mission = mission("u1", "m-lost", DEEP + " und die neuesten News", "");
        fake.on(DISCOVER, FakeResearch.feeds("https://f")).on(SEARCH,
                FakeResearch.articles("https://solar.example/a1", "Solar-Rekord", "Auszug", "2026-04-30"));
        try (Research research = research(true)) {
            assertThat(research.prepare(mission, slot(mission))).isInstanceOf(ResearchResult.Waiting.class);
        }
        // The research service lost the job: it stays "running" for ever. Age the row past the wait.
        try (Connection c = db.admin().getConnection(); var s = c.createStatement()) {
            s.execute("UPDATE mana_ai.mission_research_jobs SET submitted_at = now() - interval '2 hours'");
        }
        fake.on(POLL, FakeResearch.job("running"));
        try (Research research = new Research(settings(true).withDeepMaxWait(Duration.ofHours(1)), db.service(),
                meters)) {
            ResearchResult.Ready ready = ready(research.prepare(mission, slot(mission)));

            assertThat(ready.inputs()).singleElement().satisfies(input ->
                    assertThat(input.title()).startsWith("Web-Research: "));
            assertThat(ready.problems()).singleElement().asString().contains("no answer after 60 min")
                    .doesNotContain(MARKER);
            assertThat(research.prepare(mission, slot(mission))).as("the slot had its job; no second one")
                    .isInstanceOf(ResearchResult.Ready.class);
        }
        assertThat(fake.received(POLL)).as("given up by its age, not asked again").isEmpty();
        assertThat(fake.received(SUBMIT)).hasSize(1);
        assertThat(jobRow("u1", "m-lost")).startsWith("done/");
        assertThat(counter("mana_ai_research_jobs_failed")).isEqualTo(1);
    }

    @Test
    void aPollThatFailsKeepsTheMissionWaitingWithTheReasonAndTouchesTheRow() throws Exception {
        Mission mission = mission("u1", "m-poll", DEEP, "");
        try (Research research = research(true)) {
            research.prepare(mission, slot(mission));
            for (FakeResearch.Answer broken : List.of(FakeResearch.json(502, ""),
                    FakeResearch.after(Duration.ofSeconds(3), FakeResearch.job("running")),
                    FakeResearch.json(200, "{\"status\":\"" + MARKER + "\"}"),
                    FakeResearch.oversized(256 * 1024))) {
                fake.enqueue(POLL, broken);
                ResearchResult result = research.prepare(mission, slot(mission));
                assertThat(result).isInstanceOf(ResearchResult.Waiting.class);
                assertThat(result.problems()).singleElement().asString().startsWith("deep research poll: ")
                        .doesNotContain(MARKER);
            }
        }
        assertThat(lastPolled("u1", "m-poll")).isTrue();
    }

    @Test
    void aFailedSubmissionMeansShallowResearchNowAndNoSecondSubmissionForTheSlot() throws Exception {
        Mission mission = mission("u1", "m-submit", DEEP, "");
        fake.enqueue(SUBMIT, FakeResearch.json(500, ""));
        try (Research research = research(true)) {
            ResearchResult.Ready first = ready(research.prepare(mission, slot(mission)));
            assertThat(first.problems()).containsExactly("deep research submit: HTTP 500");
            ResearchResult.Ready second = ready(research.prepare(mission, slot(mission)));
            assertThat(second.problems()).isEmpty();
        }
        assertThat(fake.received(SUBMIT)).hasSize(1);
        assertThat(fake.received(DISCOVER)).as("this objective has no shallow trigger").isEmpty();
    }

    @Test
    void aReservationInterruptedBeforeItsAnswerIsNeverSubmittedAgainForItsSlot() throws Exception {
        Mission mission = mission("u1", "m-crash", DEEP, "");
        // What a replica that died between reserving the slot's job and recording the answer leaves behind.
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                INSERT INTO mana_ai.mission_research_jobs (user_id, mission_id, slot, state, provider_id)
                VALUES ('u1', 'm-crash', ?, 'submitting', 'gemini-deep-research-max')""")) {
            ps.setString(1, slot(mission).slot());
            ps.executeUpdate();
        }
        try (Research research = research(true)) {
            ResearchResult.Ready result = ready(research.prepare(mission, slot(mission)));
            assertThat(result.problems()).singleElement().asString().contains("interrupted");
            assertThat(research.prepare(mission, slot(mission))).isInstanceOf(ResearchResult.Ready.class);
        }
        assertThat(fake.received(SUBMIT)).isEmpty();
        assertThat(jobRow("u1", "m-crash")).startsWith("done/");
    }

    @Test
    void replicasRacingOnOneSlotSubmitItsJobExactlyOnce() throws Exception {
        Mission mission = mission("u-race", "m-race", DEEP, "");
        int replicas = 6;
        List<Research> services = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            services.add(research(true));
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<ResearchResult>> results = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(replicas)) {
            for (Research replica : services) {
                Callable<ResearchResult> race = () -> {
                    go.await();
                    return replica.prepare(mission, slot(mission));
                };
                results.add(threads.submit(race));
            }
            go.countDown();
            for (Future<ResearchResult> result : results) {
                result.get();
            }
        } finally {
            services.forEach(Research::close);
        }
        assertThat(fake.received(SUBMIT)).hasSize(1);
        assertThat(counter("mana_ai_research_jobs_submitted")).isEqualTo(1);
    }

    private double counter(String name) {
        return meters.get(name).tag("provider", "gemini-deep-research-max").counter().count();
    }

    private static String jobRow(String userId, String missionId) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT state || '/' || coalesce(task_id, '') || '/' || slot FROM mana_ai.mission_research_jobs
                 WHERE user_id = ? AND mission_id = ?""")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "none";
            }
        }
    }

    private static boolean lastPolled(String userId, String missionId) throws Exception {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT last_polled_at IS NOT NULL FROM mana_ai.mission_research_jobs
                 WHERE user_id = ? AND mission_id = ?""")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }
}
