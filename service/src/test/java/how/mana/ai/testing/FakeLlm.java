package how.mana.ai.testing;

import how.mana.ai.localllm.AssistantTurn;
import how.mana.ai.localllm.ChatExchange;
import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.localllm.LocalChatServer;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The fake LLM of the tests and the benchmark: a real OpenAI-compatible endpoint on a loopback port
 * ({@link LocalChatServer}), speaking both planner protocols (text answers and tool calls), that replies to each
 * request as scripted — with the replies queued by {@link #enqueue}
 * first, in order, then with what the script makes of the request — and keeps every request it received (the
 * parsed JSON, a few KB each) to assert on. It also counts the requests in flight at once.
 */
public final class FakeLlm implements AutoCloseable {
    public static final String MODEL = "fake-llm";
    /** A model's reply with a valid one-step plan ({@code create_task}) in a {@code json} fence, as a well-behaved
     *  model writes it. */
    public static final String ONE_STEP_PLAN = """
            Here is the plan.
            ```json
            {"summary":"Plan the week's long run","steps":[{"toolName":"create_task","summary":"Long run on Sunday",
              "rationale":"The objective needs one long run a week; Sunday is free in the calendar.",
              "params":{"title":"Long run, 18 km","priority":"medium"}}]}
            ```
            """;
    /** {@link #ONE_STEP_PLAN}'s summary, rationale and step, as a tool-calling model gives them. */
    public static final String ONE_STEP_SUMMARY = "Plan the week's long run";
    public static final String ONE_STEP_RATIONALE =
            "The objective needs one long run a week; Sunday is free in the calendar.";
    public static final AssistantTurn.Call ONE_STEP_CALL = new AssistantTurn.Call("call_long_run", "create_task",
            "{\"title\":\"Long run, 18 km\",\"priority\":\"medium\"}");
    private static final Reply NOTHING_QUEUED = exchange -> exchange.error(500, "the fake LLM has no reply queued");

    private final Function<ChatRequest, Reply> script;
    private final Queue<Reply> queued = new ConcurrentLinkedQueue<>();
    private final Queue<ChatRequest> received = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final LocalChatServer server;

    private FakeLlm(Function<ChatRequest, Reply> script) throws IOException {
        this.script = script;
        this.server = LocalChatServer.start(MODEL, this::reply);
    }

    /** Replies to what is not queued with {@code script}'s reply to the request. */
    public static FakeLlm start(Function<ChatRequest, Reply> script) throws IOException {
        return new FakeLlm(script);
    }

    /** Replies only with what is queued; a request finding nothing queued gets HTTP 500. */
    public static FakeLlm start() throws IOException {
        return start(request -> NOTHING_QUEUED);
    }

    /** Plans every mission with one step, in whichever protocol it is asked ({@link Reply#oneStepPlan()}). */
    public static FakeLlm planningEverything() throws IOException {
        return start(request -> Reply.oneStepPlan());
    }

    /** Replies to the next requests with these, in order, before the script has its say again. */
    public FakeLlm enqueue(Reply... replies) {
        queued.addAll(List.of(replies));
        return this;
    }

    /** The base URL to use as {@code MANA_LLM_URL}. */
    public URI url() {
        return server.url();
    }

    /** Every request received so far, in the order they arrived. */
    public List<ChatRequest> requests() {
        return List.copyOf(received);
    }

    public int requestCount() {
        return received.size();
    }

    /** The one request received so far; an {@link AssertionError} if there were none or more. */
    public ChatRequest onlyRequest() {
        List<ChatRequest> requests = requests();
        if (requests.size() != 1) {
            throw new AssertionError(requests.size() + " requests instead of one: " + requests);
        }
        return requests.getFirst();
    }

    /**
     * The user message of every conversation so far: of each request that opens one (a tool-calling run sends the
     * same user message again in every later round).
     */
    public List<String> userMessages() {
        return requests().stream().filter(request -> request.assistantTurns() == 0)
                .map(request -> request.userMessage().orElse("")).toList();
    }

    /**
     * The one conversation's user message that contains {@code marker}; an {@link AssertionError} if there are none
     * or more.
     */
    public String userMessageContaining(String marker) {
        List<String> messages = userMessages();
        List<String> found = messages.stream().filter(message -> message.contains(marker)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " prompts contain " + marker + "; prompts: " + messages);
        }
        return found.getFirst();
    }

    /** The most requests that were being replied to at once. */
    public int maxInFlight() {
        return maxInFlight.get();
    }

    @Override
    public void close() {
        server.close();
    }

    private void reply(ChatExchange exchange) throws IOException, InterruptedException {
        received.add(exchange.request());
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            Reply next = queued.poll();
            (next != null ? next : script.apply(exchange.request())).send(exchange);
        } finally {
            inFlight.decrementAndGet();
        }
    }
}
