package how.mana.ai.demo;

import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.ChatExchange;
import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.localllm.LocalChatServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's stand-in for a real model: a {@link LocalChatServer} that plans deterministically from the mission text
 * in the prompt ({@link OfflinePlanAuthor}), in whichever protocol the request speaks: a request that offers
 * {@code tools} gets one call per turn ({@link OfflineToolCalling}), any other a fenced JSON plan. It never calls
 * out. The service reaches it over HTTP exactly as it reaches a model. It keeps each tool-calling conversation's
 * last state, by mission title, for the demo's report.
 */
public final class OfflinePlanner implements AutoCloseable {
    public static final String MODEL = "mana-offline-planner";

    private final Clock clock;
    private final OfflinePlanAuthor author = new OfflinePlanAuthor();
    private final AtomicLong answered = new AtomicLong();
    private final Map<String, ToolTranscript> transcripts = new ConcurrentHashMap<>();
    private final Map<String, List<String>> researchUrls = new ConcurrentHashMap<>();
    private final LocalChatServer server;

    private OfflinePlanner(Clock clock) throws IOException {
        this.clock = clock;
        this.server = LocalChatServer.start(MODEL, this::answer);
    }

    /** Listens on 127.0.0.1 on a free port; {@code clock} gives the planner's "today". */
    public static OfflinePlanner start(Clock clock) throws IOException {
        return new OfflinePlanner(clock);
    }

    /** The base URL to use as {@code MANA_LLM_URL}. */
    public URI url() {
        return server.url();
    }

    /** How many requests it has answered. */
    public long answered() {
        return answered.get();
    }

    /** The tool-calling conversation about the mission titled {@code title}, as it last stood. */
    Optional<ToolTranscript> transcript(String title) {
        return Optional.ofNullable(transcripts.get(title));
    }

    /** The URLs research put into the prompt about the mission titled {@code title}, when it put any. */
    Optional<List<String>> researchUrls(String title) {
        return Optional.ofNullable(researchUrls.get(title));
    }

    @Override
    public void close() {
        server.close();
    }

    private void answer(ChatExchange exchange) throws IOException {
        ChatRequest request = exchange.request();
        Optional<String> userMessage = request.userMessage();
        if (userMessage.isEmpty()) {
            exchange.error(400, "no user message in messages[]");
            return;
        }
        PromptedMission mission = PromptedMission.read(userMessage.get());
        LocalDate today = LocalDate.ofInstant(clock.instant(), OfflinePlanAuthor.EVENT_ZONE);
        answered.incrementAndGet();
        List<String> urls = mission.researchSources().stream().map(PromptedMission.ResearchSource::url).toList();
        if (!urls.isEmpty()) {
            researchUrls.put(mission.title(), urls);
        }
        if (request.tools().isPresent()) {
            List<OfflinePlanAuthor.Proposal> plan =
                    author.plan(mission, today, OfferedTools.fromFunctionSpecs(request.tools().get()));
            AssistantTurn turn = OfflineToolCalling.next(mission, plan, request.messages());
            transcripts.put(mission.title(), ToolTranscript.of(request.messages(), turn));
            exchange.answer(turn);
        } else {
            exchange.answer(author.answer(mission, today,
                    OfferedTools.fromSystemMessage(request.systemMessage().orElse(""))));
        }
    }
}
