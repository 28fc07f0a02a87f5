package how.mana.ai.resolve.grant;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Cutting content to a limit: a prefix, at most the limit plus the ellipsis, never half a surrogate pair. */
class TruncationProperties {

    @Property
    void aCutIsAPrefixWithinTheLimitAndValidUnicode(@ForAll String text, @ForAll @IntRange(min = 1, max = 50) int limit) {
        String cut = EncryptedModule.truncate(text, limit);
        if (text.length() <= limit) {
            assertThat(cut).isEqualTo(text);
        } else {
            assertThat(cut).endsWith(EncryptedModule.ELLIPSIS);
            String kept = cut.substring(0, cut.length() - 1);
            assertThat(text).startsWith(kept);
            assertThat(kept.length()).isBetween(limit - 1, limit);
            assertThat(kept.isEmpty() || !Character.isHighSurrogate(kept.charAt(kept.length() - 1))).isTrue();
        }
    }

    @Property
    void anEmojiAtTheLimitIsKeptWholeOrLeftOut(@ForAll @IntRange(min = 1, max = 20) int limit) {
        String text = "a".repeat(limit - 1) + "🧾" + "b";
        assertThat(EncryptedModule.truncate(text, limit)).isEqualTo("a".repeat(limit - 1) + "…");
    }
}
