package how.mana.ai.demo;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mission as the offline planner reads it back out of the user message that {@code PromptBuilder} wrote: the
 * labelled lines {@code Titel: "<json>"} (or the English labels) and the entry lines {@code - {json}} of the inputs
 * and iterations sections. Every value there is a one-line JSON literal, so reading it back is exact. Pure.
 *
 * @param inputs     resolved inputs, each {@code {module, title, details[]}}
 * @param iterations recent iterations, each {@code {status, summary, userFeedback, steps[]}}
 */
record PromptedMission(String title, String concept, String objective, List<JsonNode> inputs,
                       List<JsonNode> iterations) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LINK = Pattern.compile("- \\[(.*)]\\((\\S+)\\)(?: — .*)?");
    /** The prompt's field labels in both prompt languages. */
    private static final Map<String, String> LABELS = Map.of(
            "Titel", "title", "Title", "title",
            "Konzept", "concept", "Concept", "concept",
            "Ziel", "objective", "Objective", "objective");

    PromptedMission {
        inputs = List.copyOf(inputs);
        iterations = List.copyOf(iterations);
    }

    static PromptedMission read(String userMessage) {
        Map<String, String> fields = new HashMap<>();
        List<JsonNode> inputs = new ArrayList<>();
        List<JsonNode> iterations = new ArrayList<>();
        for (String line : userMessage.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && LABELS.containsKey(line.substring(0, colon))) {
                text(line.substring(colon + 2)).ifPresent(v -> fields.put(LABELS.get(line.substring(0, colon)), v));
            } else if (line.startsWith("- {")) {
                json(line.substring(2)).ifPresent(entry -> {
                    // Inputs carry their module; iterations carry their steps.
                    if (entry.has("module")) {
                        inputs.add(entry);
                    } else if (entry.has("steps")) {
                        iterations.add(entry);
                    }
                });
            }
        }
        return new PromptedMission(fields.getOrDefault("title", ""), fields.getOrDefault("concept", ""),
                fields.getOrDefault("objective", ""), inputs, iterations);
    }

    /** An article or source that research put into the prompt. */
    record ResearchSource(String title, String url) {
    }

    /**
     * The articles (a {@code ## title} line, then its {@code URL:} line) and sources ({@code - [title](url)}) of the
     * research input ({@code news-research}), in prompt order; none without one.
     */
    List<ResearchSource> researchSources() {
        List<ResearchSource> sources = new ArrayList<>();
        for (JsonNode input : inputs) {
            if (!"news-research".equals(input.path("module").asText())) {
                continue;
            }
            String title = "";
            for (JsonNode detail : input.path("details")) {
                String line = detail.asText("");
                Matcher link = LINK.matcher(line);
                if (line.startsWith("## ")) {
                    title = line.substring(3);
                } else if (line.startsWith("URL: ")) {
                    sources.add(new ResearchSource(title, line.substring(5)));
                } else if (link.matches()) {
                    sources.add(new ResearchSource(link.group(1), link.group(2)));
                }
            }
        }
        return sources;
    }

    /** Title, concept and objective in one text, for looking up what the mission talks about. */
    String wholeText() {
        return String.join("\n", title, concept, objective);
    }

    /** Every non-empty {@code userFeedback} of the recent iterations, oldest first. */
    List<String> feedback() {
        return iterations.stream().map(it -> it.path("userFeedback").asText(""))
                .filter(f -> !f.isBlank()).toList();
    }

    /** A JSON string literal's value; "none"/"keine" (not a literal) reads as absent. */
    private static Optional<String> text(String literal) {
        return json(literal).filter(JsonNode::isTextual).map(JsonNode::textValue);
    }

    private static Optional<JsonNode> json(String text) {
        try {
            return Optional.ofNullable(JSON.readTree(text)).filter(n -> !n.isMissingNode());
        } catch (JacksonException notJson) {
            return Optional.empty();
        }
    }
}
