package how.mana.ai.tick;

/**
 * A failure as one short line fit for a log key, an HTTP error body or a command's stderr: the exception and, when
 * different, its root cause, each by class and the first line of its message. No stack trace, no line breaks.
 */
public final class FailureReason {
    /** Per part, so a long wrapper message (Flyway's run to several lines) never hides the root cause. */
    static final int MAX_PART_LENGTH = 150;

    private FailureReason() {
    }

    public static String of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure ? describe(failure) : describe(failure) + "; cause: " + describe(root);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip().lines().findFirst().orElse("").strip();
        String part = message.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
        return part.length() > MAX_PART_LENGTH ? part.substring(0, MAX_PART_LENGTH) + "…" : part;
    }
}
