package how.mana.ai.planner.tools;

/** The tool catalog file cannot be used; the message names the file and the problem. Stops start-up. */
public final class ToolCatalogException extends RuntimeException {
    public ToolCatalogException(String message) {
        super(message);
    }

    public ToolCatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
