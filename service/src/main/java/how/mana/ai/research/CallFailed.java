package how.mana.ai.research;

/**
 * A call to a research service that gave nothing usable. The message is the call's name and a fixed-form reason
 * ({@code timed out after 15000 ms}, {@code HTTP 503}, {@code answer larger than 1048576 bytes},
 * {@code malformed answer: …}): never a body the service sent, which might echo the mission's text back.
 */
public final class CallFailed extends Exception {
    CallFailed(String call, String reason) {
        super(call + ": " + reason, null, false, false);
    }
}
