package how.mana.ai.research;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which missions ask for research before planning (SPEC-LATEST §19). Pure.
 *
 * <p>Shallow: a word of the objective or concept starts with one of {@link #SHALLOW_STEMS}, case-insensitively,
 * with a word boundary before the stem only ({@code Newsletter} matches {@code news}, {@code Bettnews} does not).
 * A letter, digit or underscore of any script counts as part of a word, so {@code Übersuche} does not match
 * {@code suche}. Deep: one of the whole {@link #DEEP_PHRASES} appears anywhere, case-insensitively.
 */
public final class ResearchTrigger {
    static final List<String> SHALLOW_STEMS = List.of("recherchier", "research", "news", "finde", "suche", "aktuelle",
            "neueste", "today", "history", "historisch", "on this day");
    static final List<String> DEEP_PHRASES = List.of("deep research", "tiefe recherche", "umfassende recherche",
            "hintergrundrecherche", "deep dive");
    private static final Pattern SHALLOW = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:"
                    + SHALLOW_STEMS.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private ResearchTrigger() {
    }

    /** Whether the objective or the concept asks for shallow research. */
    public static boolean shallow(String objective, String concept) {
        return SHALLOW.matcher(objective).find() || SHALLOW.matcher(concept).find();
    }

    /** Whether the objective or the concept asks for deep research (the feature switch is checked elsewhere). */
    public static boolean deep(String objective, String concept) {
        String text = (objective + "\n" + concept).toLowerCase(Locale.ROOT);
        return DEEP_PHRASES.stream().anyMatch(text::contains);
    }
}
