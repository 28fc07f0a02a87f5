package how.mana.ai.planner.parse;

/** Model output quoted in a failure reason: one line, and short, so reasons never carry the raw answer. */
public final class Excerpt {
    private Excerpt() {
    }

    public static String of(String text, int maxChars) {
        String oneLine = text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= maxChars ? oneLine : oneLine.substring(0, maxChars) + "…";
    }
}
