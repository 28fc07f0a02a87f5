package how.mana.ai.planner.toolcall;

/** Why a tool-calling run ended (SPEC §15.3). */
public enum StopReason {
    /** A turn without calls that finished normally: the model is done. */
    ASSISTANT_STOP("assistant-stop"),
    /** A turn without calls that finished otherwise ({@code length}, {@code content_filter}). */
    NO_TOOL_CALLS("no-tool-calls"),
    /** The last allowed round still made calls. */
    MAX_ROUNDS("max-rounds");

    private final String label;

    StopReason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
