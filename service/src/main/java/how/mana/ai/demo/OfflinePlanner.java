package how.mana.ai.demo;

import how.mana.ai.localllm.ChatExchange;
import how.mana.ai.localllm.LocalChatServer;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's stand-in for a real model: a {@link LocalChatServer} that answers with a deterministic plan built from
 * the mission text in the prompt ({@link OfflinePlanAuthor}). It never calls out. The service reaches it over HTTP
 * exactly as it reaches a model.
 */
public final class OfflinePlanner implements AutoCloseable {
    public static final String MODEL = "mana-offline-planner";

    private final Clock clock;
    private final OfflinePlanAuthor author = new OfflinePlanAuthor();
    private final AtomicLong answered = new AtomicLong();
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

    /** How many plans it has answered with. */
    public long answered() {
        return answered.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private void answer(ChatExchange exchange) throws IOException {
        Optional<String> userMessage = exchange.request().userMessage();
        if (userMessage.isEmpty()) {
            exchange.error(400, "no user message in messages[]");
            return;
        }
        String content = author.answer(PromptedMission.read(userMessage.get()),
                LocalDate.ofInstant(clock.instant(), OfflinePlanAuthor.EVENT_ZONE));
        answered.incrementAndGet();
        exchange.answer(content);
    }
}
