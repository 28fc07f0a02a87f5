package how.mana.ai.planner.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allow-list of tools the planner may propose (SPEC §5). The prompt lists exactly these tools and the parser
 * accepts exactly these, so both read the same catalog and cannot drift apart.
 */
public final class ToolCatalog {
    /** The shipped default list, on the classpath. */
    public static final String DEFAULT_RESOURCE = "/how/mana/ai/planner/tools.json";

    private final Map<String, ToolDefinition> byName;

    private ToolCatalog(List<ToolDefinition> tools) {
        Map<String, ToolDefinition> map = new LinkedHashMap<>();
        tools.forEach(t -> map.put(t.name(), t));
        this.byName = map;
    }

    /**
     * The operator's file ({@code MANA_AI_TOOLS_FILE}) when given, else the shipped default.
     *
     * @throws ToolCatalogException naming the file and the problem when it cannot be read or is invalid
     */
    public static ToolCatalog load(Optional<Path> file) {
        return file.map(ToolCatalog::fromFile).orElseGet(ToolCatalog::shipped);
    }

    /** The shipped default list. */
    public static ToolCatalog shipped() {
        try (InputStream in = ToolCatalog.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new ToolCatalogException("tool catalog " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse("classpath:" + DEFAULT_RESOURCE, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ToolCatalogException(
                    "tool catalog " + DEFAULT_RESOURCE + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static ToolCatalog fromFile(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ToolCatalogException("tool catalog " + file + " cannot be read: " + e, e);
        }
        return parse(file.toString(), text);
    }

    /**
     * Reads and validates a catalog document.
     *
     * @param source names the document in error messages
     */
    public static ToolCatalog parse(String source, String json) {
        return new ToolCatalog(new ToolCatalogReader(source).read(json));
    }

    public Optional<ToolDefinition> find(String toolName) {
        return Optional.ofNullable(byName.get(toolName));
    }

    /** Every tool, in file order. */
    public List<ToolDefinition> tools() {
        return List.copyOf(byName.values());
    }
}
