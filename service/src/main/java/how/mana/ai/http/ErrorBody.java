package how.mana.ai.http;

/** Every error answer: {@code {"error": "..."}}, never a stack trace. */
public record ErrorBody(String error) {
}
