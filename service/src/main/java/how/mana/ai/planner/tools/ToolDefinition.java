package how.mana.ai.planner.tools;

import java.util.List;
import java.util.Optional;

/** A tool the planner may propose: its name, the web-app module that executes it, and its parameters. */
public record ToolDefinition(String name, String module, String description, List<ToolParameter> parameters) {

    public ToolDefinition {
        parameters = List.copyOf(parameters);
    }

    public Optional<ToolParameter> parameter(String parameterName) {
        return parameters.stream().filter(p -> p.name().equals(parameterName)).findFirst();
    }
}
