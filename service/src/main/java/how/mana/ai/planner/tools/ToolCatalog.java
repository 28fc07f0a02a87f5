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
import java.util.function.Predicate;

/**
 * The tools the planner may propose (SPEC §14.2): the {@code propose} entries of a catalog, in catalog order. The
 * prompt or the function specs offer exactly these and every answer is checked against exactly these, so the two
 * cannot drift apart. A planning run is offered a catalog, the whole one or a part ({@link #only}), and accepts
 * nothing outside it. Immutable.
 */
public final class ToolCatalog {
    private final String source;
    private final Map<String, ToolDefinition> byName;

    private ToolCatalog(String source, List<ToolDefinition> tools) {
        Map<String, ToolDefinition> map = new LinkedHashMap<>();
        tools.forEach(t -> map.put(t.name(), t));
        this.source = source;
        this.byName = map;
    }

    /**
     * The operator's file ({@code MANA_AI_TOOLS_FILE}) when given, else the chosen built-in catalog.
     *
     * @throws ToolCatalogException naming the file, the entry and the problem when it cannot be read or is invalid
     */
    public static ToolCatalog load(BuiltInCatalog builtIn, Optional<Path> file) {
        return file.map(ToolCatalog::fromFile).orElseGet(() -> builtIn(builtIn));
    }

    /** A catalog shipped in the jar. */
    public static ToolCatalog builtIn(BuiltInCatalog catalog) {
        try (InputStream in = ToolCatalog.class.getResourceAsStream(catalog.resource())) {
            if (in == null) {
                throw new ToolCatalogException("tool catalog " + catalog.resource() + " is missing from the classpath");
            }
            return parse(catalog.configName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ToolCatalogException(
                    "tool catalog " + catalog.resource() + " cannot be read: " + e.getMessage(), e);
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
        return new ToolCatalog(source, new ToolCatalogReader(source).read(json));
    }

    /** The tools of this catalog that {@code keep} keeps, in the same order: what one run may be offered. */
    public ToolCatalog only(Predicate<ToolDefinition> keep) {
        return new ToolCatalog(source, byName.values().stream().filter(keep).toList());
    }

    public Optional<ToolDefinition> find(String toolName) {
        return Optional.ofNullable(byName.get(toolName));
    }

    /** Every tool, in catalog order. */
    public List<ToolDefinition> tools() {
        return List.copyOf(byName.values());
    }

    /** Where it came from and how many tools it offers; the tools themselves are too many for a log line. */
    @Override
    public String toString() {
        return source + " (" + byName.size() + " tools)";
    }
}
