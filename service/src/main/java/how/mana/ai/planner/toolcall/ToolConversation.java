package how.mana.ai.planner.toolcall;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.PlanOutcome;
import how.mana.ai.planner.llm.ChatMessage;
import how.mana.ai.planner.llm.CompletionRequest;
import how.mana.ai.planner.llm.LlmResult;
import how.mana.ai.planner.llm.TokenUsage;
import how.mana.ai.planner.llm.ToolCall;
import how.mana.ai.planner.parse.Excerpt;
import how.mana.ai.planner.prompt.ChatPrompt;
import how.mana.ai.planner.prompt.ToolCallingTexts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The state of one tool-calling run (SPEC §15.3, §15.4): the history sent each round, the steps accepted so far,
 * the tokens spent. Each model turn is appended as it came (its calls' arguments as the JSON of the parsed object),
 * then every call is checked and answered by a tool message: stored, or rejected with what is wrong, so the model
 * can correct it next round. A rejected call never becomes a step. Pure: the caller does the asking.
 */
public final class ToolConversation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int NAME_CHARS = 40;

    private final List<ChatMessage> history = new ArrayList<>();
    private final ArrayNode functionSpecs;
    private final CallCheck check;
    private final ToolCallingTexts texts;
    private final int maxRounds;
    private final int maxSteps;
    private final List<PlannedStep> steps = new ArrayList<>();
    private final List<Round> rounds = new ArrayList<>();
    private TokenUsage usage = TokenUsage.NONE;
    private StopReason stop;
    private String finalContent = "";

    /** One model turn and what became of each of its calls. */
    public record Round(String content, List<CallOutcome> calls) {
        public Round {
            calls = List.copyOf(calls);
        }
    }

    /**
     * @param functionSpecs the offered tools as function specs, sent every round
     * @param maxRounds     model turns the run may take ({@code MANA_AI_MAX_ROUNDS})
     * @param maxSteps      steps the plan may hold ({@code MANA_AI_MAX_PLAN_STEPS}); calls beyond are rejected
     */
    ToolConversation(ChatPrompt prompt, ArrayNode functionSpecs, CallCheck check, ToolCallingTexts texts,
                     int maxRounds, int maxSteps) {
        history.add(new ChatMessage.SystemMessage(prompt.system()));
        history.add(new ChatMessage.UserMessage(prompt.user()));
        this.functionSpecs = functionSpecs;
        this.check = check;
        this.texts = texts;
        this.maxRounds = maxRounds;
        this.maxSteps = maxSteps;
    }

    /**
     * The next request: the whole history so far, each reminder as a system message of its own after it (SPEC
     * §15.3), and the offered functions. A reminder is for this request only, never kept in the history; coming after
     * the last tool message, it never stands between a turn's calls and their answers.
     */
    public CompletionRequest request(List<String> reminders) {
        List<ChatMessage> messages = new ArrayList<>(history);
        reminders.forEach(reminder -> messages.add(new ChatMessage.SystemMessage(reminder)));
        return new CompletionRequest(messages, Optional.of(functionSpecs));
    }

    /**
     * Takes the model's answer to {@link #request()}.
     *
     * @return whether another round follows
     */
    public boolean take(LlmResult.Answer answer) {
        if (stop != null) {
            throw new IllegalStateException("the run has ended: " + stop.label());
        }
        usage = usage.plus(answer.usage());
        String content = answer.content() == null ? "" : answer.content().strip();
        List<ToolCall> calls = withIds(answer.toolCalls(), rounds.size() + 1);
        history.add(new ChatMessage.AssistantMessage(answer.content(),
                calls.stream().map(ToolConversation::echoed).toList()));
        List<CallOutcome> outcomes = new ArrayList<>();
        for (ToolCall call : calls) {
            CallOutcome outcome = limited(check.check(call, content));
            if (outcome instanceof CallOutcome.Accepted accepted) {
                steps.add(accepted.step());
            }
            outcomes.add(outcome);
            history.add(new ChatMessage.ToolMessage(call.id(), toolMessage(outcome)));
        }
        rounds.add(new Round(content, outcomes));
        if (calls.isEmpty()) {
            stop = "stop".equals(normalised(answer.finishReason())) ? StopReason.ASSISTANT_STOP
                    : StopReason.NO_TOOL_CALLS;
            finalContent = content;
        } else if (rounds.size() >= maxRounds) {
            stop = StopReason.MAX_ROUNDS;
        }
        return stop == null;
    }

    /**
     * The run's plan: every accepted call in order, summarised by the final turn's text when the model stopped by
     * itself. A run that made calls and had every one rejected is a parse failure; one that made none is a valid
     * empty plan.
     */
    public PlanOutcome outcome() {
        long rejected = rounds.stream().flatMap(r -> r.calls().stream())
                .filter(CallOutcome.Rejected.class::isInstance).count();
        if (steps.isEmpty() && rejected > 0) {
            CallOutcome.Rejected last = rounds.stream().flatMap(r -> r.calls().stream())
                    .filter(CallOutcome.Rejected.class::isInstance).map(CallOutcome.Rejected.class::cast)
                    .reduce((first, second) -> second).orElseThrow();
            return new PlanOutcome.ParseFailure("all " + rejected + " tool calls rejected; last: "
                    + describe(last.call()) + ": " + last.reason(), usage);
        }
        String summary = stop == StopReason.MAX_ROUNDS ? "" : finalContent;
        return new PlanOutcome.Planned(new Plan(summary, steps), usage);
    }

    /** Tokens spent so far. */
    public TokenUsage usage() {
        return usage;
    }

    public List<Round> rounds() {
        return List.copyOf(rounds);
    }

    /** Why the run ended; empty while it goes on. */
    public Optional<StopReason> stopReason() {
        return Optional.ofNullable(stop);
    }

    /** A valid call beyond the plan's step limit is rejected all the same: the plan could not hold it. */
    private CallOutcome limited(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Accepted accepted && steps.size() >= maxSteps) {
            return new CallOutcome.Rejected(accepted.call(), "the plan already holds " + maxSteps
                    + " steps, the most allowed", accepted.marker(), false);
        }
        return outcome;
    }

    private String toolMessage(CallOutcome outcome) {
        var message = JSON.createObjectNode();
        switch (outcome) {
            case CallOutcome.Accepted accepted -> message.put("success", true).put("message", texts.recorded());
            case CallOutcome.Rejected rejected ->
                    message.put("success", false).put("message", texts.rejected() + rejected.reason());
        }
        return message.toString();
    }

    /**
     * Every call with an id of its own, so each tool message answers exactly one: a call without one, or repeating
     * one of its turn, gets {@code call_<round>_<index>}.
     */
    private static List<ToolCall> withIds(List<ToolCall> calls, int round) {
        Set<String> seen = new HashSet<>();
        List<ToolCall> result = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            ToolCall call = calls.get(i);
            String id = call.id().isBlank() || !seen.add(call.id()) ? "call_" + round + "_" + i : call.id();
            seen.add(id);
            result.add(new ToolCall(id, call.name(), call.arguments()));
        }
        return result;
    }

    /** The call as it goes back to the model (SPEC §15.1): arguments as the JSON of the parsed object, else {}. */
    private static ToolCall echoed(ToolCall call) {
        String arguments = CallCheck.arguments(call.arguments()).map(Object::toString).orElse("{}");
        return new ToolCall(call.id(), call.name(), arguments);
    }

    /** SPEC §15.3: {@code tool_calls}, {@code length} and {@code content_filter} are kept, anything else is stop. */
    static String normalised(String finishReason) {
        return switch (finishReason) {
            case "tool_calls", "length", "content_filter" -> finishReason;
            default -> "stop";
        };
    }

    private static String describe(ToolCall call) {
        return call.name().isBlank() ? "a call without a name" : Excerpt.of(call.name(), NAME_CHARS);
    }
}
