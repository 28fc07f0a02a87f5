package how.mana.ai.http;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@code limit} read as {@code parseInt(v, 10)} reads it, then clamped to 1–1000; no number means 200. */
class AuditLimitProperties {

    @Property
    void aLeadingIntegerIsReadAndClamped(@ForAll long n, @ForAll("space") String space, @ForAll("tail") String tail) {
        assertThat(AuditLimit.parse(space + n + tail)).isEqualTo((int) Math.max(1, Math.min(1000, n)));
    }

    @Property
    void withoutLeadingDigitsItIsTheDefault(@ForAll("notANumber") String value) {
        assertThat(AuditLimit.parse(value)).isEqualTo(200);
    }

    @Provide
    Arbitrary<String> space() {
        return Arbitraries.strings().withChars(" \t\n\r\u00a0\u2003\ufeff").ofMaxLength(3);
    }

    @Provide
    Arbitrary<String> tail() {
        return Arbitraries.oneOf(Arbitraries.just(""), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4)
                .map(s -> "x" + s), Arbitraries.of(".5", "e3", " 7", "abc", "-1"));
    }

    @Provide
    Arbitrary<String> notANumber() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().ofMaxLength(6),
                Arbitraries.of("", " ", "-", "+", "--5", "+-5", ".5", "x12", "Infinity", "NaN", "\u0661\u0662"));
    }

    @Example
    void jsParseIntsEdges() {
        assertThat(AuditLimit.parse(null)).isEqualTo(200);
        assertThat(AuditLimit.parse("0")).isEqualTo(1);
        assertThat(AuditLimit.parse("+42")).isEqualTo(42);
        assertThat(AuditLimit.parse("0x10")).isEqualTo(1);
        assertThat(AuditLimit.parse("1e3")).isEqualTo(1);
        assertThat(AuditLimit.parse("99999999999999999999999")).isEqualTo(1000);
        assertThat(AuditLimit.parse("-99999999999999999999999")).isEqualTo(1);
    }
}
