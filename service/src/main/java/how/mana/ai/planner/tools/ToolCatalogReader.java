package how.mana.ai.planner.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a catalog document (SPEC §14.1: a JSON array of entries, or {@code {"tools": [...]}}) into the definitions
 * of the tools the planner may propose, rejecting anything an operator could get wrong: duplicate or empty names,
 * missing module or description, unknown types, policies or formats, undescribed required parameters, and unknown
 * keys (a misspelt {@code "requierd"} would otherwise silently make a parameter optional). Entries whose
 * {@code defaultPolicy} is {@code auto} (reads and logs the web app runs itself) are checked like the others, then
 * left out: the server proposes only {@code propose} tools (§14.2). Every message names the entry.
 */
final class ToolCatalogReader {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOOL_KEYS = Set.of("name", "module", "description", "defaultPolicy", "parameters");
    private static final Set<String> POLICIES = Set.of("auto", "propose");
    private static final Set<String> PARAMETER_KEYS =
            Set.of("name", "type", "required", "description", "enum", "format");

    private final String source;

    ToolCatalogReader(String source) {
        this.source = source;
    }

    List<ToolDefinition> read(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw fail("", "is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        String prefix = "";
        JsonNode tools = root;
        if (root != null && root.isObject()) {
            onlyKeys(root, Set.of("tools"), "");
            tools = root.get("tools");
            prefix = "tools";
        } else if (root == null || !root.isArray()) {
            throw fail("", "must be a JSON array of tools or an object with a \"tools\" array");
        }
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            throw fail(prefix, "must be a non-empty array");
        }
        List<ToolDefinition> proposable = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < tools.size(); i++) {
            String at = prefix + "[" + i + "]";
            JsonNode entry = tools.get(i);
            requireObject(entry, at);
            String name = nonBlankText(entry, "name", at);
            String named = at + " (" + name + ")";
            if (!names.add(name)) {
                throw fail(named + ".name", "\"" + name + "\" is defined twice");
            }
            ToolDefinition tool = tool(entry, name, named);
            if (proposes(entry, named)) {
                proposable.add(tool);
            }
        }
        if (proposable.isEmpty()) {
            throw fail(prefix, "holds no tool whose defaultPolicy is propose");
        }
        return proposable;
    }

    /** {@code propose} unless the entry says {@code auto}; a file of the v0.3 era names no policy at all. */
    private boolean proposes(JsonNode entry, String at) {
        JsonNode policy = entry.get("defaultPolicy");
        if (policy == null) {
            return true;
        }
        if (!policy.isTextual() || !POLICIES.contains(policy.textValue())) {
            throw fail(at + ".defaultPolicy", "must be auto or propose");
        }
        return policy.textValue().equals("propose");
    }

    private ToolDefinition tool(JsonNode node, String name, String at) {
        onlyKeys(node, TOOL_KEYS, at);
        String module = nonBlankText(node, "module", at);
        String description = nonBlankText(node, "description", at);
        JsonNode params = node.get("parameters");
        List<ToolParameter> parameters = new ArrayList<>();
        if (params != null) {
            if (!params.isArray()) {
                throw fail(at + ".parameters", "must be an array");
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < params.size(); i++) {
                String paramAt = at + ".parameters[" + i + "]";
                if (!params.get(i).path("name").asText("").isBlank()) {
                    paramAt += " (" + params.get(i).get("name").textValue() + ")";
                }
                ToolParameter p = parameter(params.get(i), paramAt);
                if (!seen.add(p.name())) {
                    throw fail(paramAt + ".name", "\"" + p.name() + "\" is defined twice");
                }
                parameters.add(p);
            }
        }
        return new ToolDefinition(name, module, description, parameters);
    }

    private ToolParameter parameter(JsonNode node, String at) {
        requireObject(node, at);
        onlyKeys(node, PARAMETER_KEYS, at);
        String name = nonBlankText(node, "name", at);
        String typeName = nonBlankText(node, "type", at);
        ParamType type = ParamType.fromJsonName(typeName)
                .orElseThrow(() -> fail(at + ".type",
                        "\"" + typeName + "\" is not a known type (known: " + ParamType.knownNames() + ")"));
        boolean required = false;
        JsonNode req = node.get("required");
        if (req != null) {
            if (!req.isBoolean()) {
                throw fail(at + ".required", "must be true or false");
            }
            required = req.booleanValue();
        }
        JsonNode desc = node.get("description");
        if (desc != null && !desc.isTextual()) {
            throw fail(at + ".description", "must be a string");
        }
        String description = desc == null ? "" : desc.textValue().strip();
        if (required && description.isEmpty()) {
            throw fail(at + ".description", "is required for the required parameter \"" + name + "\"");
        }
        List<String> allowed = allowedValues(node, at);
        if (!allowed.isEmpty() && type != ParamType.STRING) {
            throw fail(at + ".enum", "is allowed on string parameters only");
        }
        Optional<ParamFormat> format = format(node, at);
        if (format.isPresent() && type != ParamType.STRING) {
            throw fail(at + ".format", "is allowed on string parameters only");
        }
        return new ToolParameter(name, type, required, description, allowed, format);
    }

    private List<String> allowedValues(JsonNode node, String at) {
        JsonNode values = node.get("enum");
        if (values == null) {
            return List.of();
        }
        if (!values.isArray() || values.isEmpty()) {
            throw fail(at + ".enum", "must be a non-empty array of strings");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode v : values) {
            if (!v.isTextual() || v.textValue().isEmpty()) {
                throw fail(at + ".enum", "must hold only non-empty strings");
            }
            if (result.contains(v.textValue())) {
                throw fail(at + ".enum", "lists \"" + v.textValue() + "\" twice");
            }
            result.add(v.textValue());
        }
        return result;
    }

    private Optional<ParamFormat> format(JsonNode node, String at) {
        JsonNode format = node.get("format");
        if (format == null) {
            return Optional.empty();
        }
        String formatName = format.isTextual() ? format.textValue() : format.toString();
        return Optional.of(ParamFormat.fromJsonName(formatName)
                .orElseThrow(() -> fail(at + ".format",
                        "\"" + formatName + "\" is not a known format (known: " + ParamFormat.knownNames() + ")")));
    }

    private String nonBlankText(JsonNode node, String key, String at) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw fail(at + "." + key, "must be a non-empty string");
        }
        return v.textValue().strip();
    }

    private void requireObject(JsonNode node, String at) {
        if (!node.isObject()) {
            throw fail(at, "must be an object");
        }
    }

    private void onlyKeys(JsonNode node, Set<String> allowed, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!allowed.contains(key)) {
                throw fail(at.isEmpty() ? key : at + "." + key, "is not a known key (known: " + String.join(", ",
                        allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private ToolCatalogException fail(String at, String problem) {
        String where = at.isEmpty() ? "" : " at " + at;
        return new ToolCatalogException("tool catalog " + source + " is invalid" + where + ": " + problem);
    }
}
