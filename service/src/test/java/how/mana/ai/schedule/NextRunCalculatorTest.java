package how.mana.ai.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.mission.Mission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NextRunCalculatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId UTC = ZoneOffset.UTC;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private final NextRunCalculator calculator = new NextRunCalculator();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    private NextRun next(String cadence, ZoneId zone, String now) {
        return calculator.next(json(cadence), zone, at(now));
    }

    private static NextRun.At runAt(String iso) {
        return new NextRun.At(at(iso));
    }

    @Test
    void manualSchedulesNothing() {
        assertThat(next("{\"kind\":\"manual\"}", UTC, "2026-04-15T06:00:00Z")).isEqualTo(new NextRun.Manual());
    }

    @Nested
    class Interval {
        @Test
        void addsTheMinutesToNow() {
            assertThat(next("{\"kind\":\"interval\",\"everyMinutes\":90}", UTC, "2026-04-15T06:00:12.345Z"))
                    .isEqualTo(runAt("2026-04-15T07:30:12.345Z"));
        }

        @Test
        void isElapsedTimeAcrossDaylightSaving() {
            // 01:30 CET + 60 minutes is 03:30 CEST on the wall clock: one real hour, not a two-hour jump.
            assertThat(next("{\"kind\":\"interval\",\"everyMinutes\":60}", BERLIN, "2026-03-29T00:30:00Z"))
                    .isEqualTo(runAt("2026-03-29T01:30:00Z"));
            assertThat(next("{\"kind\":\"interval\",\"everyMinutes\":60}", BERLIN, "2026-10-25T00:30:00Z"))
                    .isEqualTo(runAt("2026-10-25T01:30:00Z"));
        }

        @Test
        void acceptsAWholeNumberWrittenWithAFraction() {
            assertThat(next("{\"kind\":\"interval\",\"everyMinutes\":30.0}", UTC, "2026-04-15T06:00:00Z"))
                    .isEqualTo(runAt("2026-04-15T06:30:00Z"));
        }

        @Test
        void acceptsTheLongestIntervalOfOneLeapYear() {
            assertThat(next("{\"kind\":\"interval\",\"everyMinutes\":527040}", UTC, "2026-04-15T06:00:00Z"))
                    .isEqualTo(runAt("2027-04-16T06:00:00Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-5", "1.5", "\"30\"", "true", "null", "527041", "1e12",
                "123456789012345678901234567890", "[30]"})
        void rejectsEverythingButAPositiveWholeNumberOfMinutes(String everyMinutes) {
            NextRun run = next("{\"kind\":\"interval\",\"everyMinutes\":" + everyMinutes + "}", UTC,
                    "2026-04-15T06:00:00Z");

            assertThat(run).isInstanceOf(NextRun.InvalidCadence.class);
            assertThat(((NextRun.InvalidCadence) run).reason()).contains("everyMinutes");
        }

        @Test
        void rejectsAMissingCount() {
            assertThat(next("{\"kind\":\"interval\"}", UTC, "2026-04-15T06:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("interval cadence needs everyMinutes"));
        }
    }

    @Nested
    class Daily {
        private static final String SIX_FIFTEEN = "{\"kind\":\"daily\",\"atHour\":6,\"atMinute\":15}";

        @Test
        void laterTodayWhenTheTimeIsStillAhead() {
            assertThat(next(SIX_FIFTEEN, UTC, "2026-04-15T06:14:59.999Z")).isEqualTo(runAt("2026-04-15T06:15:00Z"));
        }

        @Test
        void tomorrowWhenTheTimeIsReachedOrPassed() {
            assertThat(next(SIX_FIFTEEN, UTC, "2026-04-15T06:15:00Z")).isEqualTo(runAt("2026-04-16T06:15:00Z"));
            assertThat(next(SIX_FIFTEEN, UTC, "2026-04-15T06:15:00.001Z")).isEqualTo(runAt("2026-04-16T06:15:00Z"));
        }

        @Test
        void readsTheWallClockOfTheZone() {
            assertThat(next(SIX_FIFTEEN, BERLIN, "2026-01-15T12:00:00Z")).isEqualTo(runAt("2026-01-16T05:15:00Z"));
            assertThat(next(SIX_FIFTEEN, BERLIN, "2026-07-15T12:00:00Z")).isEqualTo(runAt("2026-07-16T04:15:00Z"));
            assertThat(next(SIX_FIFTEEN, ZoneId.of("Asia/Kolkata"), "2026-07-15T00:00:00Z"))
                    .isEqualTo(runAt("2026-07-15T00:45:00Z"));
        }

        @Test
        void crossesMonthYearAndLeapDay() {
            String late = "{\"kind\":\"daily\",\"atHour\":22,\"atMinute\":0}";
            assertThat(next(late, UTC, "2026-04-30T23:00:00Z")).isEqualTo(runAt("2026-05-01T22:00:00Z"));
            assertThat(next(late, UTC, "2026-12-31T23:00:00Z")).isEqualTo(runAt("2027-01-01T22:00:00Z"));
            assertThat(next(late, UTC, "2028-02-28T22:00:00Z")).isEqualTo(runAt("2028-02-29T22:00:00Z"));
        }

        @Test
        void aTimeTheSpringForwardSkipsRunsOneGapLater() {
            // 2026-03-29 02:00 CET jumps to 03:00 CEST in Berlin: 02:30 does not exist; java.time moves it to 03:30.
            String twoThirty = "{\"kind\":\"daily\",\"atHour\":2,\"atMinute\":30}";
            assertThat(next(twoThirty, BERLIN, "2026-03-28T12:00:00Z")).isEqualTo(runAt("2026-03-29T01:30:00Z"));
            assertThat(next(twoThirty, BERLIN, "2026-03-29T01:30:00Z")).isEqualTo(runAt("2026-03-30T00:30:00Z"));
        }

        @Test
        void aTimeTheFallBackRepeatsRunsAtItsFirstOccurrenceAfterNow() {
            // 2026-10-25 03:00 CEST falls back to 02:00 CET: 02:30 happens at 00:30Z and again at 01:30Z.
            String twoThirty = "{\"kind\":\"daily\",\"atHour\":2,\"atMinute\":30}";
            assertThat(next(twoThirty, BERLIN, "2026-10-24T12:00:00Z")).isEqualTo(runAt("2026-10-25T00:30:00Z"));
            assertThat(next(twoThirty, BERLIN, "2026-10-25T00:30:00Z")).isEqualTo(runAt("2026-10-25T01:30:00Z"));
            assertThat(next(twoThirty, BERLIN, "2026-10-25T01:30:00Z")).isEqualTo(runAt("2026-10-26T01:30:00Z"));
        }

        @Test
        void aFallBackAtMidnightRepeatsTheDaysLastHour() {
            // Santiago, 2026-04-05 00:00 -03 falls back to 2026-04-04 23:00 -04: 23:30 on the 4th happens twice.
            String lateEvening = "{\"kind\":\"daily\",\"atHour\":23,\"atMinute\":30}";
            ZoneId santiago = ZoneId.of("America/Santiago");
            assertThat(next(lateEvening, santiago, "2026-04-05T02:45:00Z")).isEqualTo(runAt("2026-04-05T03:30:00Z"));
        }
    }

    @Nested
    class Weekly {
        /** 2026-04-15 is a Wednesday (3). */
        private static final String WEDNESDAY_NINE = "{\"kind\":\"weekly\",\"dayOfWeek\":3,\"atHour\":9}";

        @Test
        void sameWeekdayBeforeTheHourIsToday() {
            assertThat(next(WEDNESDAY_NINE, UTC, "2026-04-15T08:59:00Z")).isEqualTo(runAt("2026-04-15T09:00:00Z"));
        }

        @Test
        void sameWeekdayAtOrAfterTheHourIsNextWeek() {
            assertThat(next(WEDNESDAY_NINE, UTC, "2026-04-15T09:00:00Z")).isEqualTo(runAt("2026-04-22T09:00:00Z"));
            assertThat(next(WEDNESDAY_NINE, UTC, "2026-04-15T10:00:00Z")).isEqualTo(runAt("2026-04-22T09:00:00Z"));
        }

        @Test
        void zeroIsSundayAndSixIsSaturday() {
            assertThat(next("{\"kind\":\"weekly\",\"dayOfWeek\":0,\"atHour\":9}", UTC, "2026-04-15T10:00:00Z"))
                    .isEqualTo(runAt("2026-04-19T09:00:00Z"));
            assertThat(next("{\"kind\":\"weekly\",\"dayOfWeek\":6,\"atHour\":9}", UTC, "2026-04-15T10:00:00Z"))
                    .isEqualTo(runAt("2026-04-18T09:00:00Z"));
        }

        @Test
        void runsOnTheHourAndIgnoresAMinuteField() {
            assertThat(next("{\"kind\":\"weekly\",\"dayOfWeek\":3,\"atHour\":9,\"atMinute\":45}", UTC,
                    "2026-04-15T08:00:00Z")).isEqualTo(runAt("2026-04-15T09:00:00Z"));
        }

        @Test
        void readsTheWallClockOfTheZoneAcrossTheYearEnd() {
            // Thursday 2026-12-31 23:30 in Berlin is 22:30Z; the next Thursday 08:00 CET is 2027-01-07 07:00Z.
            assertThat(next("{\"kind\":\"weekly\",\"dayOfWeek\":4,\"atHour\":8}", BERLIN, "2026-12-31T22:30:00Z"))
                    .isEqualTo(runAt("2027-01-07T07:00:00Z"));
        }
    }

    @Nested
    class Cron {
        private NextRun cron(String expression, ZoneId zone, String now) {
            return next("{\"kind\":\"cron\",\"expression\":\"" + expression + "\"}", zone, now);
        }

        @Test
        void clockChangesThatCronUtilsGotWrongOnItsOwn() {
            // Found by NextRunProperties: at New York's fall-back, Sunday 01:00 EDT is the first match.
            assertThat(cron("* 1,2 * * 7", ZoneId.of("America/New_York"), "1995-10-29T03:59:00Z"))
                    .isEqualTo(runAt("1995-10-29T05:00:00Z"));
            // Lord Howe falls back half an hour (02:00 LHDT -> 01:30 LHST): 02:00 LHST is the same night.
            assertThat(cron("* 2 * * *", ZoneId.of("Australia/Lord_Howe"), "1995-10-28T15:10:00Z"))
                    .isEqualTo(runAt("1995-10-28T15:30:00Z"));
        }

        @Test
        void nextMatchStrictlyAfterNow() {
            assertThat(cron("0 9 * * 1-5", UTC, "2026-04-17T09:00:00Z")).isEqualTo(runAt("2026-04-20T09:00:00Z"));
            assertThat(cron("*/15 * * * *", UTC, "2026-04-15T06:14:59Z")).isEqualTo(runAt("2026-04-15T06:15:00Z"));
            assertThat(cron("*/15 * * * *", UTC, "2026-04-15T06:15:00Z")).isEqualTo(runAt("2026-04-15T06:30:00Z"));
        }

        @Test
        void monthEndsYearEndAndLeapDay() {
            assertThat(cron("0 0 1 * *", UTC, "2026-01-31T12:00:00Z")).isEqualTo(runAt("2026-02-01T00:00:00Z"));
            assertThat(cron("0 9 31 * *", UTC, "2026-02-01T10:00:00Z")).isEqualTo(runAt("2026-03-31T09:00:00Z"));
            assertThat(cron("59 23 31 12 *", UTC, "2026-12-31T23:59:00Z")).isEqualTo(runAt("2027-12-31T23:59:00Z"));
            assertThat(cron("0 9 29 2 *", UTC, "2026-03-01T00:00:00Z")).isEqualTo(runAt("2028-02-29T09:00:00Z"));
        }

        @Test
        void dayOfMonthAndDayOfWeekTogetherMatchEitherAsInStandardCron() {
            // The 13th or any Friday: 2026-01-02 is a Friday, long before Friday the 13th (February).
            assertThat(cron("0 9 13 * 5", UTC, "2026-01-01T10:00:00Z")).isEqualTo(runAt("2026-01-02T09:00:00Z"));
        }

        @Test
        void readsTheWallClockOfTheZone() {
            assertThat(cron("0 9 * * *", BERLIN, "2026-07-15T12:00:00Z")).isEqualTo(runAt("2026-07-16T07:00:00Z"));
        }

        @Test
        void aWallClockMinuteTheSpringForwardSkipsNeverMatches() {
            assertThat(cron("30 2 * * *", BERLIN, "2026-03-28T12:00:00Z")).isEqualTo(runAt("2026-03-30T00:30:00Z"));
        }

        @Test
        void aWallClockMinuteTheFallBackRepeatsMatchesBothTimes() {
            assertThat(cron("30 2 * * *", BERLIN, "2026-10-24T12:00:00Z")).isEqualTo(runAt("2026-10-25T00:30:00Z"));
            assertThat(cron("30 2 * * *", BERLIN, "2026-10-25T00:30:00Z")).isEqualTo(runAt("2026-10-25T01:30:00Z"));
            assertThat(cron("30 2 * * *", BERLIN, "2026-10-25T00:30:00.001Z")).isEqualTo(runAt("2026-10-25T01:30:00Z"));
            assertThat(cron("30 2 * * *", BERLIN, "2026-10-25T00:31:00Z")).isEqualTo(runAt("2026-10-25T01:30:00Z"));
            assertThat(cron("30 2 * * *", BERLIN, "2026-10-25T01:30:00Z")).isEqualTo(runAt("2026-10-26T01:30:00Z"));
        }

        @Test
        void anExpressionThatNeverMatchesIsInvalid() {
            assertThat(cron("0 0 31 2 *", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("cron expression \"0 0 31 2 *\" never matches again"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"0 0 0 * * *", "garbage", "", "   ", "60 * * * *", "* 24 * * *", "@daily",
                "0 9 L * *", "0 9 ? * *", "* * * *"})
        void rejectsAnythingButAStandardFiveFieldExpression(String expression) {
            NextRun run = cron(expression, UTC, "2026-01-01T00:00:00Z");

            assertThat(run).isInstanceOf(NextRun.InvalidCadence.class);
            assertThat(((NextRun.InvalidCadence) run).reason()).contains("cron");
        }

        @Test
        void rejectsAnExpressionThatIsNotAString() {
            assertThat(next("{\"kind\":\"cron\",\"expression\":5}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("cron cadence needs an expression string"));
            assertThat(next("{\"kind\":\"cron\"}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("cron cadence needs an expression string"));
        }
    }

    @Nested
    class InvalidCadences {
        @Test
        void missingOrNotAnObject() {
            Instant now = at("2026-01-01T00:00:00Z");
            assertThat(calculator.next(null, UTC, now)).isEqualTo(new NextRun.InvalidCadence("cadence is missing"));
            assertThat(calculator.next(NullNode.instance, UTC, now))
                    .isEqualTo(new NextRun.InvalidCadence("cadence is missing"));
            assertThat(calculator.next(MissingNode.getInstance(), UTC, now))
                    .isEqualTo(new NextRun.InvalidCadence("cadence is missing"));
            assertThat(calculator.next(json("\"daily\""), UTC, now))
                    .isEqualTo(new NextRun.InvalidCadence("cadence is STRING, not an object"));
        }

        @Test
        void missingOrUnknownKind() {
            assertThat(next("{}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("cadence has no kind"));
            assertThat(next("{\"kind\":5}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("cadence has no kind"));
            assertThat(next("{\"kind\":\"hourly\"}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("unknown cadence kind \"hourly\""));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"kind\":\"daily\",\"atHour\":24,\"atMinute\":0}",
                "{\"kind\":\"daily\",\"atHour\":-1,\"atMinute\":0}",
                "{\"kind\":\"daily\",\"atHour\":6,\"atMinute\":60}",
                "{\"kind\":\"daily\",\"atHour\":6}",
                "{\"kind\":\"daily\",\"atHour\":6.5,\"atMinute\":0}",
                "{\"kind\":\"daily\",\"atHour\":\"6\",\"atMinute\":0}",
                "{\"kind\":\"weekly\",\"dayOfWeek\":7,\"atHour\":9}",
                "{\"kind\":\"weekly\",\"dayOfWeek\":-1,\"atHour\":9}",
                "{\"kind\":\"weekly\",\"dayOfWeek\":1}",
                "{\"kind\":\"weekly\",\"atHour\":9}",
                "{\"kind\":\"weekly\",\"dayOfWeek\":1,\"atHour\":24}"})
        void outOfRangeOrMissingNumbers(String cadence) {
            assertThat(next(cadence, UTC, "2026-01-01T00:00:00Z")).isInstanceOf(NextRun.InvalidCadence.class);
        }

        @Test
        void theReasonNamesTheFieldAndTheValue() {
            assertThat(next("{\"kind\":\"daily\",\"atHour\":24,\"atMinute\":0}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("daily cadence atHour must be an integer 0-23, got 24"));
            assertThat(next("{\"kind\":\"weekly\",\"dayOfWeek\":\"mon\",\"atHour\":9}", UTC, "2026-01-01T00:00:00Z"))
                    .isEqualTo(new NextRun.InvalidCadence("weekly cadence dayOfWeek is STRING, not a number"));
        }
    }

    @Nested
    class NoBacklogBurst {
        @Test
        void aMissionOverdueForWeeksRunsOnceAndIsScheduledIntoTheFuture() {
            Instant now = at("2026-04-15T06:00:30Z");
            // The mission was due on 2026-03-01; counting from then would give 2026-03-01T01:00Z, still overdue.
            Mission overdue = mission("""
                    {"state":"active","nextRunAt":"2026-03-01T00:00:00.000Z",
                     "cadence":{"kind":"interval","everyMinutes":60}}""");

            assertThat(overdue.isDueAt(now)).isTrue();
            NextRun run = calculator.nextFor(overdue, UTC, now);

            assertThat(run).isEqualTo(new NextRun.At(at("2026-04-15T07:00:30Z")));
            Mission rescheduled = mission("{\"state\":\"active\",\"nextRunAt\":\""
                    + IsoTime.format(run.at().orElseThrow()) + "\"}");
            assertThat(rescheduled.isDueAt(now)).isFalse();
        }
    }

    @Nested
    class Zone {
        @Test
        void theMissionsOwnZoneWins() {
            Mission inTokyo = mission("{\"timezone\":\"Asia/Tokyo\",\"cadence\":{\"kind\":\"daily\",\"atHour\":9,"
                    + "\"atMinute\":0}}");

            assertThat(NextRunCalculator.zoneOf(inTokyo, BERLIN)).isEqualTo(ZoneId.of("Asia/Tokyo"));
            assertThat(calculator.nextFor(inTokyo, BERLIN, at("2026-04-15T01:00:00Z")))
                    .isEqualTo(runAt("2026-04-16T00:00:00Z"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"timezone\":\"Mars/Olympus\"}", "{\"timezone\":42}", "{\"timezone\":\"\"}"})
        void aMissingOrInvalidZoneFallsBackToTheDefault(String record) {
            assertThat(NextRunCalculator.zoneOf(mission(record), BERLIN)).isEqualTo(BERLIN);
        }
    }

    private static Mission mission(String record) {
        Mission.Parse parse = Mission.from("user-1", "mission-1", (ObjectNode) json(record), false);
        return ((Mission.Valid) parse).mission();
    }
}
