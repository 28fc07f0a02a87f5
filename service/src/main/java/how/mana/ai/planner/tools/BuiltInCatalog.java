package how.mana.ai.planner.tools;

/** The catalogs shipped in the jar ({@code MANA_AI_TOOL_CATALOG}); {@code MANA_AI_TOOLS_FILE} replaces either. */
public enum BuiltInCatalog {
    /** The web app's proposable tools today (SPEC §14.4): 62 tools in 25 modules, typed parameters. */
    CURRENT("current", "/how/mana/ai/planner/tools-current.json"),
    /** The four tools of SPEC.md §5, every parameter a string, exactly as v0.3 shipped them. */
    V0_3("v0.3", "/how/mana/ai/planner/tools-v0.3.json");

    private final String configName;
    private final String resource;

    BuiltInCatalog(String configName, String resource) {
        this.configName = configName;
        this.resource = resource;
    }

    /** How {@code MANA_AI_TOOL_CATALOG} spells it. */
    public String configName() {
        return configName;
    }

    String resource() {
        return resource;
    }
}
