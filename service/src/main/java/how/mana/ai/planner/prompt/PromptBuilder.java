package how.mana.ai.planner.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.budget.BudgetReminder;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.Agent;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.mission.Mission;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import how.mana.ai.planner.tools.ToolParameter;
import how.mana.ai.resolve.ResolvedInput;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;

/**
 * Builds the planner prompt for one mission, for either planner. Pure. The user message carries the mission as
 * data: every user-written value is a one-line JSON literal ({@link DataLiteral}), so mission text cannot change the
 * prompt's structure; both planners send the same one. The v0.3 planner's system message (SPEC §5) carries the
 * role, the rules, the reply shape and the offered tools; the tool-calling planner's (§15.2) only the role, the
 * procedure and the rules, the same for every mission, since its tools travel as function specs. For a mission of an
 * agent, both end with the agent's persona and memory ({@link #forAgent}).
 */
public final class PromptBuilder {
    /** How many of the latest iterations the model sees. */
    static final int ITERATIONS_SHOWN = 3;

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String PERSONA_TAG = "agent_persona";
    private static final String MEMORY_TAG = "agent_memory";

    private final PromptTexts texts;
    private final ToolCallingTexts toolCalling;
    private final Clock clock;
    private final ZoneId defaultZone;

    /**
     * @param clock       tells today's date, so the model can give real due dates and start times
     * @param defaultZone the zone of missions without a valid {@code timezone} of their own
     */
    public PromptBuilder(PromptLocale locale, Clock clock, ZoneId defaultZone) {
        this.texts = PromptTexts.of(locale);
        this.toolCalling = ToolCallingTexts.of(locale);
        this.clock = clock;
        this.defaultZone = defaultZone;
    }

    /** The v0.3 prompt: the offered tools listed in the system message, a fenced JSON plan asked for. */
    public ChatPrompt jsonPlan(Mission mission, List<ResolvedInput> inputs, ToolCatalog offered) {
        return new ChatPrompt(jsonPlanSystemMessage(offered), missionMessage(mission, inputs));
    }

    /**
     * The tool-calling prompt: a system message that is the same for every mission (so providers can cache it with
     * the function specs before it), and the mission, closed by the request to call tools.
     */
    public ChatPrompt toolCalling(Mission mission, List<ResolvedInput> inputs, int maxRounds) {
        return new ChatPrompt(toolCalling.system().formatted(maxRounds),
                missionMessage(mission, inputs) + "\n\n" + toolCalling.callToolsNow());
    }

    /**
     * The prompt of a mission of {@code agent}: its system message followed by the agent's persona and memory as
     * tagged blocks (SPEC-LATEST §12.7, §15.2), each after a blank line and only when it is plaintext
     * ({@link Agent#persona()}, {@link Agent#memory()}). The text inside a block is a JSON literal
     * ({@link DataLiteral}), so it cannot close its tag or open another. Without an agent, the prompt as it is.
     */
    public ChatPrompt forAgent(ChatPrompt prompt, Optional<Agent> agent) {
        StringBuilder system = new StringBuilder(prompt.system());
        agent.flatMap(Agent::persona).ifPresent(persona -> block(system, PERSONA_TAG, persona));
        agent.flatMap(Agent::memory).ifPresent(memory -> block(system, MEMORY_TAG, memory));
        return new ChatPrompt(system.toString(), prompt.user());
    }

    /**
     * A token-budget reminder (SPEC-LATEST §13.3) as the tool-calling planner sends it, in a {@code <reminder>} tag
     * (§15.3): the agent's name (a placeholder when it is ciphertext), the tokens used of the budget and the share.
     */
    public String budgetReminder(String agentName, BudgetReminder reminder) {
        String text = switch (reminder.severity()) {
            case WARN -> toolCalling.budgetWarning();
            case ESCALATE -> toolCalling.budgetExhausted();
        };
        return "<reminder>" + text.formatted(DataLiteral.of(withheld(agentName)), reminder.used(), reminder.cap(),
                reminder.percent()) + "</reminder>";
    }

    /** The tool-calling planner's wording of what a call's tool message says. */
    public ToolCallingTexts toolCallingTexts() {
        return toolCalling;
    }

    private static void block(StringBuilder system, String tag, String text) {
        system.append("\n\n<").append(tag).append(">\n").append(DataLiteral.of(text)).append("\n</").append(tag)
                .append('>');
    }

    private String missionMessage(Mission mission, List<ResolvedInput> inputs) {
        StringJoiner user = new StringJoiner("\n");
        ZonedDateTime now = clock.instant().atZone(mission.timezone().orElse(defaultZone));
        user.add(texts.today().formatted(now.toLocalDate(),
                now.getDayOfWeek().getDisplayName(TextStyle.FULL, texts.language()), now.getZone().getId()));
        user.add(texts.dataPreamble()).add("");
        user.add(texts.titleLabel() + ": " + textOrNone(mission.title()));
        user.add(texts.conceptLabel() + ": " + textOrNone(mission.conceptMarkdown()));
        user.add(texts.objectiveLabel() + ": " + textOrNone(mission.objective()));
        user.add("");
        section(user, texts.inputsHeading(), inputs.stream().map(this::input).toList());
        user.add("");
        section(user, texts.iterationsHeading(), recentIterations(mission.iterations()));
        return user.toString();
    }

    private String jsonPlanSystemMessage(ToolCatalog catalog) {
        StringJoiner s = new StringJoiner("\n");
        s.add(texts.role()).add("").add(texts.rules()).add(texts.replyShape()).add("").add(texts.toolsHeading());
        for (ToolDefinition tool : catalog.tools()) {
            s.add("- " + tool.name() + " (" + texts.moduleLabel() + " " + tool.module() + "): " + tool.description());
            tool.parameters().forEach(p -> s.add("  - " + parameter(p)));
        }
        return s.toString();
    }

    private String parameter(ToolParameter p) {
        StringJoiner facts = new StringJoiner(", ", " (", ")");
        facts.add(p.type().jsonName()).add(p.required() ? texts.requiredLabel() : texts.optionalLabel());
        if (!p.allowedValues().isEmpty()) {
            facts.add(texts.oneOfLabel() + " " + String.join("|", p.allowedValues()));
        }
        p.format().ifPresent(f -> facts.add(texts.formatLabel() + " " + f.shape()));
        return p.name() + facts + (p.description().isEmpty() ? "" : ": " + p.description());
    }

    /** An empty section says so, so the model cannot mistake it for missing context. */
    private void section(StringJoiner user, String heading, List<String> entries) {
        user.add(heading);
        if (entries.isEmpty()) {
            user.add(texts.none());
        }
        entries.forEach(e -> user.add("- " + e));
    }

    private String input(ResolvedInput in) {
        ObjectNode node = NODES.objectNode();
        node.put("module", in.module());
        node.put("title", in.title());
        ArrayNode details = node.putArray("details");
        in.details().forEach(details::add);
        return DataLiteral.of(withheldCiphertext(node));
    }

    /**
     * The last {@value #ITERATIONS_SHOWN} iterations that are objects with a {@code plan} (SPEC §9: other entries
     * are left out of the prompt), each reduced to status, summary, feedback and its steps' status and summary.
     */
    private List<String> recentIterations(ArrayNode iterations) {
        List<JsonNode> usable = new ArrayList<>();
        iterations.forEach(it -> {
            if (it.isObject() && it.has("plan")) {
                usable.add(it);
            }
        });
        return usable.subList(Math.max(0, usable.size() - ITERATIONS_SHOWN), usable.size()).stream()
                .map(it -> DataLiteral.of(withheldCiphertext(iteration(it)))).toList();
    }

    private static ObjectNode iteration(JsonNode it) {
        ObjectNode node = NODES.objectNode();
        copyText(it, "overallStatus", node, "status");
        copyText(it, "summary", node, "summary");
        copyText(it, "userFeedback", node, "userFeedback");
        ArrayNode steps = node.putArray("steps");
        for (JsonNode step : it.path("plan")) {
            if (step.isObject()) {
                ObjectNode s = steps.addObject();
                copyText(step, "status", s, "status");
                copyText(step, "summary", s, "summary");
            }
        }
        return node;
    }

    private static void copyText(JsonNode from, String field, ObjectNode to, String as) {
        JsonNode v = from.get(field);
        if (v != null && v.isTextual()) {
            to.put(as, v.textValue());
        }
    }

    private String textOrNone(String text) {
        return text == null || text.isBlank() ? texts.none() : DataLiteral.of(withheld(text));
    }

    /** Defence in depth: the resolvers already drop ciphertext, but mission fields could carry it too. */
    private JsonNode withheldCiphertext(JsonNode node) {
        if (node.isTextual()) {
            return NODES.textNode(withheld(node.textValue()));
        }
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> e.setValue(withheldCiphertext(e.getValue())));
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                array.set(i, withheldCiphertext(array.get(i)));
            }
        }
        return node;
    }

    private String withheld(String text) {
        return Ciphertext.contains(text) ? texts.withheld() : text;
    }
}
