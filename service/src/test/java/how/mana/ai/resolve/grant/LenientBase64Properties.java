package how.mana.ai.resolve.grant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Base64 as {@code atob} reads it: what the browser encodes always decodes, the URL-safe alphabet never does. */
class LenientBase64Properties {

    @Property
    void whatBtoaWritesDecodesWithOrWithoutPaddingAndWhitespace(@ForAll byte[] bytes,
            @ForAll("whitespace") String space, @ForAll @IntRange(min = 0, max = 1000) int at, @ForAll boolean pad) {
        String encoded = Base64.getEncoder().encodeToString(bytes);
        String unpadded = pad ? encoded : encoded.replace("=", "");
        int cut = Math.min(at, unpadded.length());
        String spaced = space + unpadded.substring(0, cut) + space + unpadded.substring(cut) + space;

        assertThat(LenientBase64.decode(spaced)).hasValueSatisfying(decoded -> assertThat(decoded).isEqualTo(bytes));
    }

    @Property
    void theUrlSafeAlphabetIsRefused(@ForAll byte[] bytes, @ForAll @IntRange(min = 0, max = 1000) int at,
                                     @ForAll boolean dash) {
        String encoded = Base64.getEncoder().encodeToString(bytes).replace("=", "");
        int cut = Math.min(at, encoded.length());
        String withUrlChar = encoded.substring(0, cut) + (dash ? "-" : "_") + encoded.substring(cut);

        assertThat(LenientBase64.decode(withUrlChar)).isEmpty();
    }

    @Provide
    Arbitrary<String> whitespace() {
        return Arbitraries.strings().withChars(" \t\n\r\f").ofMaxLength(3);
    }

    @Example
    void atobsEdgesAreKept() {
        assertThat(LenientBase64.decode("")).hasValueSatisfying(b -> assertThat(b).isEmpty());
        assertThat(LenientBase64.decode("QQ")).hasValueSatisfying(b -> assertThat(b).containsExactly('A'));
        // Left-over bits are ignored, as atob does.
        assertThat(LenientBase64.decode("QR")).hasValueSatisfying(b -> assertThat(b).containsExactly('A'));
        assertThat(LenientBase64.decode("QUI=")).hasValueSatisfying(b -> assertThat(b).containsExactly('A', 'B'));
        assertThat(LenientBase64.decode("Q")).as("one character past a group").isEmpty();
        assertThat(LenientBase64.decode("QQ=")).as("padding on a length not a multiple of 4").isEmpty();
        assertThat(LenientBase64.decode("QQ===")).isEmpty();
        assertThat(LenientBase64.decode("Q=Q=")).as("padding inside").isEmpty();
        assertThat(LenientBase64.decode("QQ\u00a0")).as("non-ASCII space").isEmpty();
        assertThat(LenientBase64.decode("QQ\u000b")).as("vertical tab is not ASCII whitespace to atob").isEmpty();
        assertThat(LenientBase64.decode("Q*==")).isEmpty();
    }
}
