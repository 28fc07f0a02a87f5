package how.mana.ai.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * A generated five-field cron expression together with the values each field allows, so that a test can tell
 * whether a wall-clock minute matches without asking cron-utils. Standard cron rule: when both day of month and
 * day of week are restricted, a day matching either one matches.
 */
record CronSpec(Field minute, Field hour, Field dayOfMonth, Field month, Field dayOfWeek) {
    /** Every generated expression matches within this time of any instant. */
    static final Duration HORIZON = Duration.ofDays(800);

    record Field(String text, Set<Integer> values) {
        boolean isStar() {
            return text.equals("*");
        }

        boolean allows(int value) {
            return values.contains(value);
        }
    }

    String expression() {
        return String.join(" ", minute.text, hour.text, dayOfMonth.text, month.text, dayOfWeek.text);
    }

    boolean dayMatches(LocalDate date) {
        boolean monthOk = month.allows(date.getMonthValue());
        boolean domOk = dayOfMonth.allows(date.getDayOfMonth());
        boolean dowOk = dayOfWeek.allows(date.getDayOfWeek().getValue() % 7);
        boolean day = !dayOfMonth.isStar() && !dayOfWeek.isStar() ? domOk || dowOk : domOk && dowOk;
        return monthOk && day;
    }

    /** Brute force: every minute after {@code now} as the zone's clock shows it, skipping non-matching days whole. */
    Optional<Instant> firstMatchAfter(Instant now, ZoneId zone) {
        Instant end = now.plus(HORIZON);
        Instant t = now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        while (t.isBefore(end)) {
            ZonedDateTime wall = t.atZone(zone);
            if (!dayMatches(wall.toLocalDate())) {
                Instant nextDay = wall.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
                t = nextDay.isAfter(t) ? nextDay : t.plus(Duration.ofMinutes(1));
            } else if (hour.allows(wall.getHour()) && minute.allows(wall.getMinute())) {
                return Optional.of(t);
            } else {
                t = t.plus(Duration.ofMinutes(1));
            }
        }
        return Optional.empty();
    }

    static Arbitrary<CronSpec> arbitrary() {
        Arbitrary<Field> months = Arbitraries.frequencyOf(
                Tuple.of(3, star(1, 12)), Tuple.of(1, restricted(1, 12)));
        return months.flatMap(month -> {
            // A restricted month with a day it lacks (February 30) would never match: keep such days out.
            int lastDay = month.isStar() ? 31 : 28;
            return Combinators.combine(
                    Arbitraries.oneOf(star(0, 59), stepped(0, 59), restricted(0, 59)),
                    Arbitraries.oneOf(star(0, 23), stepped(0, 23), restricted(0, 23)),
                    Arbitraries.frequencyOf(Tuple.of(2, star(1, 31)),
                            Tuple.of(1, restricted(1, lastDay))),
                    Arbitraries.frequencyOf(Tuple.of(2, star(0, 6)),
                            Tuple.of(1, restricted(0, 6)), Tuple.of(1, sundayAsSeven())))
                    .as((minute, hour, dom, dow) -> new CronSpec(minute, hour, dom, month, dow));
        });
    }

    private static Arbitrary<Field> star(int min, int max) {
        return Arbitraries.just(new Field("*", range(min, max)));
    }

    private static Arbitrary<Field> stepped(int min, int max) {
        return Arbitraries.integers().between(1, (max - min + 1) / 2).map(step -> new Field("*/" + step,
                IntStream.rangeClosed(min, max).filter(v -> (v - min) % step == 0).boxed()
                        .collect(Collectors.toSet())));
    }

    /** A single value, a list, or a range. */
    private static Arbitrary<Field> restricted(int min, int max) {
        Arbitrary<Integer> value = Arbitraries.integers().between(min, max);
        Arbitrary<Field> single = value.map(v -> new Field(Integer.toString(v), Set.of(v)));
        Arbitrary<Field> list = value.set().ofMinSize(2).ofMaxSize(4).map(vs -> new Field(
                new TreeSet<>(vs).stream().map(String::valueOf).collect(Collectors.joining(",")), vs));
        Arbitrary<Field> span = Combinators.combine(value, value).as((a, b) -> new Field(
                Math.min(a, b) + "-" + Math.max(a, b), range(Math.min(a, b), Math.max(a, b))));
        return Arbitraries.oneOf(single, list, span);
    }

    private static Arbitrary<Field> sundayAsSeven() {
        return Arbitraries.just(new Field("7", Set.of(0)));
    }

    private static Set<Integer> range(int min, int max) {
        return IntStream.rangeClosed(min, max).boxed().collect(Collectors.toSet());
    }
}
