package how.mana.ai.research;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;

class ResearchTriggerProperties {

    /** Digits, spaces and punctuation: text that cannot hold a stem of its own. */
    @Provide
    Arbitrary<String> filler() {
        return Arbitraries.strings().withChars("0123456789 .,;:!?-()").ofMaxLength(20);
    }

    @Provide
    Arbitrary<String> stems() {
        return Arbitraries.of(ResearchTrigger.SHALLOW_STEMS);
    }

    /** Characters that end a word before a stem: a space, punctuation, a line break. */
    @Provide
    Arbitrary<String> boundaries() {
        return Arbitraries.of(" ", "\n", "(", "\"", "-", "/", ",", "#", "„");
    }

    @Property
    void aStemAfterAWordBoundaryTriggersWhateverFollowsItInWhicheverCase(@ForAll("filler") String before,
            @ForAll("boundaries") String boundary, @ForAll("stems") String stem,
            @ForAll @AlphaChars @StringLength(max = 12) String rest, @ForAll boolean upper,
            @ForAll boolean inConcept) {
        String word = upper ? (stem + rest).toUpperCase(Locale.ROOT) : stem + rest;
        String text = before + boundary + word;

        assertThat(inConcept ? ResearchTrigger.shallow("", text) : ResearchTrigger.shallow(text, "")).isTrue();
    }

    @Property
    void aStemGluedToTheEndOfAnotherWordDoesNotTrigger(@ForAll("filler") String before,
            @ForAll @AlphaChars @StringLength(min = 1, max = 1) String letter, @ForAll("stems") String stem) {
        // A letter (or digit) right before the stem: the stem is inside a word, not its start.
        assertThat(ResearchTrigger.shallow(before + " " + letter + stem, "")).isFalse();
        assertThat(ResearchTrigger.shallow(before + " 7" + stem, "")).isFalse();
    }

    @Property
    void caseNeverChangesTheAnswer(@ForAll @StringLength(max = 40) @net.jqwik.api.constraints.CharRange(
            from = ' ', to = '~') String text) {
        assertThat(ResearchTrigger.shallow(text.toUpperCase(Locale.ROOT), ""))
                .isEqualTo(ResearchTrigger.shallow(text.toLowerCase(Locale.ROOT), ""));
    }

    @Property
    void textWithoutLettersNeverTriggers(@ForAll("filler") String objective, @ForAll("filler") String concept) {
        assertThat(ResearchTrigger.shallow(objective, concept)).isFalse();
        assertThat(ResearchTrigger.deep(objective, concept)).isFalse();
    }
}
