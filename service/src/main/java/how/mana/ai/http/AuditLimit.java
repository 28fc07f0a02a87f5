package how.mana.ai.http;

/**
 * The {@code limit} of {@code GET /api/v1/me/ai-audit} (SPEC §17.3), read as JavaScript's {@code parseInt(v, 10)}
 * reads it: leading white space skipped, an optional sign, then the leading decimal digits; no digits (or no value)
 * means the default 200. The result is clamped to 1–1000. Pure.
 */
final class AuditLimit {
    static final int DEFAULT = 200;
    static final int MIN = 1;
    static final int MAX = 1000;

    private AuditLimit() {
    }

    static int parse(String value) {
        if (value == null) {
            return DEFAULT;
        }
        int i = 0;
        while (i < value.length() && isJsWhiteSpace(value.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < value.length() && (value.charAt(i) == '+' || value.charAt(i) == '-')) {
            negative = value.charAt(i) == '-';
            i++;
        }
        int digitsFrom = i;
        long magnitude = 0;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            // Anything past MAX clamps to MAX; stop growing before the long could overflow.
            magnitude = Math.min(magnitude * 10 + (value.charAt(i) - '0'), MAX + 1L);
            i++;
        }
        if (i == digitsFrom) {
            return DEFAULT;
        }
        long parsed = negative ? -magnitude : magnitude;
        return (int) Math.max(MIN, Math.min(MAX, parsed));
    }

    /** ECMAScript's WhiteSpace and LineTerminator, which {@code parseInt} skips. */
    private static boolean isJsWhiteSpace(char c) {
        return c == '\t' || c == '\u000B' || c == '\f' || c == ' ' || c == '\u00A0' || c == '\uFEFF'
                || c == '\n' || c == '\r' || c == '\u2028' || c == '\u2029'
                || Character.getType(c) == Character.SPACE_SEPARATOR;
    }
}
