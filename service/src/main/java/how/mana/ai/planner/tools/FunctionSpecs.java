package how.mana.ai.planner.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A catalog as OpenAI function specs (SPEC §14.3), the {@code tools} of a tool-calling request. An empty description
 * is left out rather than sent as {@code ""}: every key here is sent again on every round of every mission. Built
 * only from the catalog, so the specs are byte for byte the same for every mission offered the same tools, and
 * providers that cache a request's prefix can cache them. Pure.
 */
public final class FunctionSpecs {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private FunctionSpecs() {
    }

    public static ArrayNode of(ToolCatalog catalog) {
        ArrayNode specs = JSON.arrayNode();
        for (ToolDefinition tool : catalog.tools()) {
            ObjectNode function = specs.addObject().put("type", "function").putObject("function")
                    .put("name", tool.name()).put("description", tool.description());
            ObjectNode parameters = function.putObject("parameters").put("type", "object");
            ObjectNode properties = parameters.putObject("properties");
            ArrayNode required = parameters.putArray("required");
            for (ToolParameter p : tool.parameters()) {
                ObjectNode property = properties.putObject(p.name()).put("type", p.type().jsonName());
                if (!p.description().isEmpty()) {
                    property.put("description", p.description());
                }
                if (!p.allowedValues().isEmpty()) {
                    p.allowedValues().forEach(property.putArray("enum")::add);
                }
                if (p.required()) {
                    required.add(p.name());
                }
            }
        }
        return specs;
    }
}
