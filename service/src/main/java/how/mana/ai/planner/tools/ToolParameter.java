package how.mana.ai.planner.tools;

import java.util.List;
import java.util.Optional;

/**
 * One parameter of a tool.
 *
 * @param allowedValues the parameter's enum; empty when any value of the type is allowed
 */
public record ToolParameter(
        String name,
        ParamType type,
        boolean required,
        String description,
        List<String> allowedValues,
        Optional<ParamFormat> format) {

    public ToolParameter {
        allowedValues = List.copyOf(allowedValues);
    }
}
