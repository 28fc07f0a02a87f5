package how.mana.ai.planner.prompt;

/** The two messages sent to the model for one mission. Contains mission text: log at debug level only. */
public record ChatPrompt(String system, String user) {
}
