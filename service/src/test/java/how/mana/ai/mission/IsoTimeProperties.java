package how.mana.ai.mission;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.mission.CanonicalIsoTime;
import how.mana.ai.mission.IsoTime;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The canonical fast path of {@link IsoTime#parse} reads exactly what the JDK's parsers read. */
class IsoTimeProperties {

    @Property(tries = 3000)
    void canonicalLookingStringsParseAsTheGeneralParserReadsThem(@ForAll("canonicalLooking") String text) {
        assertThat(IsoTime.parse(text)).isEqualTo(IsoTime.parseGeneral(text));
    }

    @Property(tries = 3000)
    void everyInstantFormattedCanonicallyIsReadByTheFastPathUnchanged(@ForAll("instants") Instant at) {
        String text = IsoTime.format(at);
        assertThat(CanonicalIsoTime.parse(text)).isEqualTo(IsoTime.parseGeneral(text).orElseThrow());
    }

    @Property(tries = 3000)
    void whatTheFastPathAcceptsTheGeneralParserReadsTheSame(@ForAll("canonicalLooking") String text) {
        Instant fast = CanonicalIsoTime.parse(text);
        if (fast != null) {
            assertThat(IsoTime.parseGeneral(text)).contains(fast);
        }
    }

    @Property
    void randomStringsParseAsTheGeneralParserReadsThem(@ForAll String text) {
        assertThat(IsoTime.parse(text)).isEqualTo(IsoTime.parseGeneral(text));
    }

    @Example
    void impossibleDatesAndOtherFormsFallBackToTheGeneralParser() {
        assertThat(CanonicalIsoTime.parse("2025-02-29T00:00:00.000Z")).isNull();
        assertThat(CanonicalIsoTime.parse("2024-02-29T23:59:59.999Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59.999Z"));
        assertThat(CanonicalIsoTime.parse("2026-04-15T06:00:00Z")).isNull();
        assertThat(IsoTime.parse("2026-04-15T06:00:00Z")).contains(Instant.parse("2026-04-15T06:00:00Z"));
        assertThat(IsoTime.parse("2026-04-15T24:00:00.000Z")).isEqualTo(IsoTime.parseGeneral("2026-04-15T24:00:00.000Z"));
    }

    /** Strings of the canonical shape whose parts range past their valid values, with a stray character at times. */
    @Provide
    Arbitrary<String> canonicalLooking() {
        Arbitrary<String> shaped = Combinators.combine(
                Arbitraries.integers().between(0, 9999), Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 32), Arbitraries.integers().between(0, 25),
                Arbitraries.integers().between(0, 61), Arbitraries.integers().between(0, 61),
                Arbitraries.integers().between(0, 999))
                .as((y, mo, d, h, mi, s, ms) -> "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ".formatted(y, mo, d, h, mi, s, ms));
        return Combinators.combine(shaped, Arbitraries.integers().between(0, 40),
                        Arbitraries.chars().with('-', ':', '.', 'T', 'Z', 't', 'z', ' ', '+', 'x', '5'))
                .as((text, at, ch) -> at >= text.length() ? text
                        : text.substring(0, at) + ch + text.substring(at + 1));
    }

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.longs().between(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli(),
                Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()).map(Instant::ofEpochMilli);
    }
}
