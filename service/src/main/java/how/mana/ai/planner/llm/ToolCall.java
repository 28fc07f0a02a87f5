package how.mana.ai.planner.llm;

/**
 * One function call of a model turn.
 *
 * @param id        as the model gave it; empty when it gave none
 * @param name      the function's name; empty when the model gave none
 * @param arguments the arguments as JSON text (an object the server sent as JSON, not as a string, is written out);
 *                  empty when there were none
 */
public record ToolCall(String id, String name, String arguments) {
}
