package how.mana.ai.research;

import java.util.Locale;

/**
 * A call to a research service that gave nothing usable. The message is the call's name and a fixed-form reason
 * ({@code timed out after 15000 ms}, {@code HTTP 503}, {@code answer larger than 1048576 bytes},
 * {@code malformed answer: …}): never a body the service sent, which might echo the mission's text back.
 */
public final class CallFailed extends Exception {
    /** The calls, as logs and stats name them and as {@code mana_ai_research_call_failures_total} labels them. */
    enum Call {
        DISCOVER("news-research discover"), SEARCH("news-research search"), SUBMIT("deep research submit"),
        POLL("deep research poll");

        final String shown;

        Call(String shown) {
            this.shown = shown;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why, as the metric labels it. */
    enum Reason {
        TIMEOUT, CONNECTION, HTTP_STATUS, TOO_LARGE, MALFORMED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final transient Call call;
    private final transient Reason reason;

    CallFailed(Call call, Reason reason, String detail) {
        super(call.shown + ": " + detail, null, false, false);
        this.call = call;
        this.reason = reason;
    }

    /** A malformed answer: {@code what} says what is wrong with it, in fixed words. */
    static CallFailed malformed(Call call, String what) {
        return new CallFailed(call, Reason.MALFORMED, "malformed answer: " + what);
    }

    Call call() {
        return call;
    }

    Reason reason() {
        return reason;
    }
}
