package how.mana.ai.config;

/** How the planner asks the model ({@code MANA_AI_PLANNER}). */
public enum PlannerKind {
    /** Native tool calling over rounds (SPEC §15): the tools as function specs, every call checked. */
    TOOLS,
    /** The v0.3 planner (SPEC.md §5): the tools listed in the prompt, one answer with a fenced JSON plan. */
    JSON
}
