package how.mana.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tools a request offers, as the offline planner reads them: from the function specs of a tool-calling request,
 * or from the tool list in the v0.3 system message ({@code - name (…): …} with one {@code   - param (type, Pflicht|
 * required|…)} line per parameter). Only names and required parameters matter to it. Pure.
 */
record OfferedTools(Map<String, Tool> tools) {
    private static final Pattern TOOL_LINE = Pattern.compile("^- ([A-Za-z0-9_.-]+) \\(");
    private static final Pattern PARAMETER_LINE = Pattern.compile("^ {2}- ([A-Za-z0-9_]+) \\(([^)]*)\\)");

    /** One offered tool: its parameters and which of them are required. */
    record Tool(Set<String> parameters, Set<String> required) {
    }

    OfferedTools {
        tools = Map.copyOf(tools);
    }

    static OfferedTools fromFunctionSpecs(JsonNode specs) {
        Map<String, Tool> tools = new HashMap<>();
        for (JsonNode spec : specs) {
            JsonNode function = spec.path("function");
            Set<String> parameters = new HashSet<>();
            function.path("parameters").path("properties").fieldNames().forEachRemaining(parameters::add);
            Set<String> required = new HashSet<>();
            function.path("parameters").path("required").forEach(r -> required.add(r.asText()));
            tools.put(function.path("name").asText(), new Tool(parameters, required));
        }
        return new OfferedTools(tools);
    }

    static OfferedTools fromSystemMessage(String system) {
        Map<String, Tool> tools = new HashMap<>();
        Tool current = null;
        for (String line : system.split("\n")) {
            Matcher tool = TOOL_LINE.matcher(line);
            Matcher parameter = PARAMETER_LINE.matcher(line);
            if (tool.find()) {
                current = new Tool(new HashSet<>(), new HashSet<>());
                tools.put(tool.group(1), current);
            } else if (parameter.find() && current != null) {
                current.parameters().add(parameter.group(1));
                if (parameter.group(2).matches(".*\\b(Pflicht|required)\\b.*")) {
                    current.required().add(parameter.group(1));
                }
            }
        }
        return new OfferedTools(tools);
    }

    Optional<Tool> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }
}
