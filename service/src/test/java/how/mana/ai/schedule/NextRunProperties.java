package how.mana.ai.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The next run against independent oracles: java.time for wall-clock cadences, and for cron a brute-force walk
 * over every minute after {@code now} that checks the generated fields directly. Half of the instants lie within
 * a day of one of the zone's offset transitions, where the interesting cases are.
 */
class NextRunProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Zones with every kind of transition: none, 1 h at night, 30 min, at midnight, whole-day skip, 45-min offsets. */
    private static final List<ZoneId> ZONES = Stream.of("UTC", "Europe/Berlin", "America/New_York",
            "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago", "America/Sao_Paulo", "Pacific/Chatham",
            "Pacific/Apia", "Asia/Tehran").map(ZoneId::of).toList();
    private static final long FROM_MINUTE = Instant.parse("1995-01-01T00:00:00Z").getEpochSecond() / 60;
    private static final long TO_MINUTE = Instant.parse("2040-01-01T00:00:00Z").getEpochSecond() / 60;
    private static final Duration ONE_DAY_AROUND = Duration.ofHours(26);

    private final NextRunCalculator calculator = new NextRunCalculator();

    record Moment(ZoneId zone, Instant now) {
    }

    @Provide
    Arbitrary<Moment> moments() {
        Arbitrary<Instant> anyMinute = Arbitraries.longs().between(FROM_MINUTE, TO_MINUTE)
                .map(minute -> Instant.ofEpochSecond(minute * 60));
        Arbitrary<Long> millisIntoTheMinute = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0L)),
                Tuple.of(1, Arbitraries.longs().between(0, 59_999)));
        Arbitrary<Long> minutesAround = Arbitraries.longs()
                .between(-ONE_DAY_AROUND.toMinutes(), ONE_DAY_AROUND.toMinutes());
        return Combinators.combine(Arbitraries.of(ZONES), anyMinute, Arbitraries.of(true, false), minutesAround,
                millisIntoTheMinute).as((zone, minute, nearTransition, around, millis) -> {
                    Instant base = nearTransition ? transitionAfter(zone, minute).plus(Duration.ofMinutes(around))
                            : minute;
                    return new Moment(zone, base.plusMillis(millis));
                });
    }

    private static Instant transitionAfter(ZoneId zone, Instant instant) {
        ZoneOffsetTransition t = zone.getRules().nextTransition(instant);
        return t == null ? instant : t.getInstant();
    }

    @Property
    void intervalIsExactlyNowPlusTheMinutes(@ForAll("moments") Moment m,
            @ForAll @IntRange(min = 1, max = Cadence.Interval.MAX_MINUTES) int minutes) {
        assertThat(next("{\"kind\":\"interval\",\"everyMinutes\":" + minutes + "}", m))
                .isEqualTo(m.now().plus(Duration.ofMinutes(minutes)));
    }

    @Property
    void dailyIsTheFirstOccurrenceOfItsTimeAfterNow(@ForAll("moments") Moment m,
            @ForAll @IntRange(max = 23) int hour, @ForAll @IntRange(max = 59) int minute) {
        LocalTime time = LocalTime.of(hour, minute);

        Instant next = next("{\"kind\":\"daily\",\"atHour\":" + hour + ",\"atMinute\":" + minute + "}", m);

        assertThat(next).isAfter(m.now()).isBeforeOrEqualTo(m.now().plus(Duration.ofHours(25)));
        assertThat(isOccurrence(next, m.zone(), time, date -> true)).as("on %s's clock at %s", m.zone(), time)
                .isTrue();
        assertThat(firstOccurrenceBetween(m.now(), next, m.zone(), time, date -> true)).isEmpty();
    }

    @Property(tries = 300)
    void weeklyIsTheFirstOccurrenceOfItsDayAndHourAfterNow(@ForAll("moments") Moment m,
            @ForAll @IntRange(max = 6) int dayOfWeek, @ForAll @IntRange(max = 23) int hour) {
        DayOfWeek day = dayOfWeek == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(dayOfWeek);
        Predicate<LocalDate> onDay = date -> date.getDayOfWeek() == day;
        LocalTime time = LocalTime.of(hour, 0);

        Instant next = next("{\"kind\":\"weekly\",\"dayOfWeek\":" + dayOfWeek + ",\"atHour\":" + hour + "}", m);

        assertThat(next).isAfter(m.now()).isBeforeOrEqualTo(m.now().plus(Duration.ofDays(7).plusHours(1)));
        assertThat(isOccurrence(next, m.zone(), time, onDay)).as("%s %s on %s's clock", day, time, m.zone())
                .isTrue();
        assertThat(firstOccurrenceBetween(m.now(), next, m.zone(), time, onDay)).isEmpty();
    }

    @Property(tries = 500)
    void cronIsTheFirstMatchingWallClockMinuteAfterNow(@ForAll("moments") Moment m,
            @ForAll("cronSpecs") CronSpec spec) {
        Optional<Instant> expected = spec.firstMatchAfter(m.now(), m.zone());
        assertThat(expected).as("the generator only makes expressions that match within the horizon").isPresent();

        assertThat(next("{\"kind\":\"cron\",\"expression\":\"" + spec.expression() + "\"}", m))
                .as("%s on %s's clock", spec.expression(), m.zone()).isEqualTo(expected.get());
    }

    /**
     * The rare case the general property seldom hits: {@code now} inside the first pass of a wall-clock minute
     * the clock is about to repeat, for an expression matching that minute: the repeat is next.
     */
    @Property(tries = 300)
    void cronMatchesARepeatedWallClockMinuteAgainOnItsRepeat(@ForAll("repeatedMinutes") RepeatedMinute r,
            @ForAll @LongRange(max = 59_999) long millisIntoTheMinute) {
        String expression = r.wallClock().getMinute() + " " + r.wallClock().getHour() + " * * *";
        Moment m = new Moment(r.zone(), r.first().plusMillis(millisIntoTheMinute));

        assertThat(next("{\"kind\":\"cron\",\"expression\":\"" + expression + "\"}", m))
                .as("%s on %s's clock", expression, r.zone()).isEqualTo(r.repeat());
    }

    record RepeatedMinute(ZoneId zone, LocalDateTime wallClock, Instant first, Instant repeat) {
    }

    @Provide
    Arbitrary<RepeatedMinute> repeatedMinutes() {
        Arbitrary<ZoneId> zonesThatFallBack = Arbitraries.of(ZONES)
                .filter(zone -> !zone.getRules().isFixedOffset() && !zone.getRules().getTransitions().isEmpty());
        Arbitrary<Instant> anyMinute = Arbitraries.longs().between(FROM_MINUTE, TO_MINUTE)
                .map(minute -> Instant.ofEpochSecond(minute * 60));
        return Combinators.combine(zonesThatFallBack, anyMinute, Arbitraries.integers().between(0, 119))
                .as((zone, from, minuteIntoOverlap) -> fallBackAfter(zone, from).map(t -> {
                    long overlapMinutes = t.getDuration().negated().toMinutes();
                    LocalDateTime wall = t.getDateTimeAfter().plusMinutes(minuteIntoOverlap % overlapMinutes);
                    return new RepeatedMinute(zone, wall, wall.toInstant(t.getOffsetBefore()),
                            wall.toInstant(t.getOffsetAfter()));
                }))
                .filter(Optional::isPresent).map(Optional::get);
    }

    private static Optional<ZoneOffsetTransition> fallBackAfter(ZoneId zone, Instant from) {
        ZoneOffsetTransition t = zone.getRules().nextTransition(from);
        for (int i = 0; i < 4 && t != null; i++, t = zone.getRules().nextTransition(t.getInstant())) {
            if (t.isOverlap()) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Property
    void anyTextAsACronExpressionGivesARunOrAReasonNeverAnException(@ForAll("moments") Moment m,
            @ForAll("cronLikeText") String expression) {
        ObjectNode cadence = JSON.createObjectNode().put("kind", "cron").put("expression", expression);

        NextRun run = calculator.next(cadence, m.zone(), m.now());

        assertThat(run).isInstanceOfAny(NextRun.At.class, NextRun.InvalidCadence.class);
        run.at().ifPresent(at -> assertThat(at).isAfter(m.now()));
    }

    @Provide
    Arbitrary<String> cronLikeText() {
        return Arbitraries.strings().withChars("0123456789*/,-? LW#MONJAFEB@").ofMaxLength(30);
    }

    @Property
    void anyNumberInAWallClockCadenceGivesARunAfterNowOrAReason(@ForAll("moments") Moment m,
            @ForAll("numbers") JsonNode hour, @ForAll("numbers") JsonNode minuteOrDay,
            @ForAll("wallClockKinds") String kind) {
        ObjectNode cadence = JSON.createObjectNode().put("kind", kind);
        cadence.set("atHour", hour);
        cadence.set("daily".equals(kind) ? "atMinute" : "dayOfWeek", minuteOrDay);
        boolean inRange = isIntIn(hour, 23) && isIntIn(minuteOrDay, "daily".equals(kind) ? 59 : 6);

        NextRun run = calculator.next(cadence, m.zone(), m.now());

        if (inRange) {
            assertThat(run.at()).hasValueSatisfying(at -> assertThat(at).isAfter(m.now()));
        } else {
            assertThat(run).isInstanceOf(NextRun.InvalidCadence.class);
        }
    }

    @Provide
    Arbitrary<String> wallClockKinds() {
        return Arbitraries.of("daily", "weekly");
    }

    @Provide
    Arbitrary<JsonNode> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-100, 100).map(i -> JSON.getNodeFactory().numberNode(i)),
                Arbitraries.doubles().between(-100, 100).ofScale(1).map(d -> JSON.getNodeFactory().numberNode(d)),
                Arbitraries.longs().map(l -> JSON.getNodeFactory().numberNode(l)),
                Arbitraries.strings().numeric().ofMaxLength(2).map(s -> JSON.getNodeFactory().textNode(s)));
    }

    private static boolean isIntIn(JsonNode n, int max) {
        return n.isNumber() && n.canConvertToExactIntegral() && n.canConvertToInt() && n.intValue() >= 0
                && n.intValue() <= max;
    }

    private Instant next(String cadence, Moment m) {
        try {
            return calculator.next(JSON.readTree(cadence), m.zone(), m.now()).at().orElseThrow();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(cadence, e);
        }
    }

    /**
     * Whether {@code instant} is {@code time} on an accepted day as java.time places it: either instant of a
     * repeated time, or the shifted instant of a skipped one (which may fall on the next date).
     */
    private static boolean isOccurrence(Instant instant, ZoneId zone, LocalTime time, Predicate<LocalDate> dayOk) {
        LocalDate date = LocalDate.ofInstant(instant, zone);
        return Stream.of(date, date.minusDays(1)).filter(dayOk).anyMatch(d -> {
            ZonedDateTime z = ZonedDateTime.of(d.atTime(time), zone);
            return instant.equals(z.toInstant()) || instant.equals(z.withLaterOffsetAtOverlap().toInstant());
        });
    }

    /** The first minute strictly between the instants when the clock shows {@code time} on an accepted day. */
    private static Optional<Instant> firstOccurrenceBetween(Instant after, Instant before, ZoneId zone,
            LocalTime time, Predicate<LocalDate> dayOk) {
        for (Instant t = after.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)); t.isBefore(before);
                t = t.plus(Duration.ofMinutes(1))) {
            ZonedDateTime z = t.atZone(zone);
            if (z.toLocalTime().equals(time) && dayOk.test(z.toLocalDate())) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    @Provide
    Arbitrary<CronSpec> cronSpecs() {
        return CronSpec.arbitrary();
    }
}
