package how.mana.ai.tick;

/**
 * A failure as one short line fit for a log key, an HTTP error body or a command's stderr: the exception and, when
 * different, its root cause. No stack trace, no line breaks.
 */
public final class FailureReason {
    static final int MAX_LENGTH = 200;

    private FailureReason() {
    }

    public static String of(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == failure ? describe(failure) : describe(failure) + "; cause: " + describe(root);
        return reason.length() > MAX_LENGTH ? reason.substring(0, MAX_LENGTH) + "…" : reason;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : ": " + t.getMessage().replaceAll("\\s+", " ").strip();
        return t.getClass().getSimpleName() + message;
    }
}
