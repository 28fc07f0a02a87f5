package how.mana.ai.budget;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Positive;

/** The thresholds of SPEC-LATEST §13.3, checked against exact arithmetic over the whole range of longs. */
class BudgetReminderProperties {

    @Property(tries = 2000)
    void theSeverityFollowsTheExactShareUsed(@ForAll @LongRange(min = 0) long used, @ForAll @Positive long cap) {
        BigInteger u = BigInteger.valueOf(used);
        BigInteger c = BigInteger.valueOf(cap);
        // used / cap >= 3 / 4  <=>  4 used >= 3 cap, in integers that cannot overflow.
        boolean warn = u.shiftLeft(2).compareTo(c.multiply(BigInteger.valueOf(3))) >= 0;
        boolean escalate = u.compareTo(c) >= 0;

        Optional<BudgetReminder> reminder = BudgetReminder.at(used, cap);

        if (escalate) {
            assertThat(reminder).map(BudgetReminder::severity).contains(BudgetReminder.Severity.ESCALATE);
        } else if (warn) {
            assertThat(reminder).map(BudgetReminder::severity).contains(BudgetReminder.Severity.WARN);
        } else {
            assertThat(reminder).isEmpty();
        }
        reminder.ifPresent(r -> assertThat(r).extracting(BudgetReminder::used, BudgetReminder::cap)
                .containsExactly(used, cap));
    }

    @Property(tries = 1000)
    void spendingMoreNeverLowersTheSeverity(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long used,
                                            @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 2) long more,
                                            @ForAll @Positive long cap) {
        assertThat(rank(BudgetReminder.at(used + more, cap))).isGreaterThanOrEqualTo(rank(BudgetReminder.at(used, cap)));
    }

    @Property(tries = 1000)
    void thePercentageIsTheShareRoundedHalfUp(@ForAll @LongRange(min = 0, max = 1L << 40) long used,
                                              @ForAll @LongRange(min = 1, max = 1L << 40) long cap) {
        BudgetReminder.at(used, cap).ifPresent(r -> assertThat(r.percent()).isEqualTo(
                BigDecimal.valueOf(used).multiply(BigDecimal.valueOf(100))
                        .divide(BigDecimal.valueOf(cap), 0, RoundingMode.HALF_UP).longValueExact()));
    }

    @Property
    void noBudgetMeansNoReminder(@ForAll long used, @ForAll @LongRange(max = 0) long cap) {
        assertThat(BudgetReminder.at(used, cap)).isEmpty();
    }

    @Example
    void theBoundariesOfADailyBudgetOfAThousand() {
        assertThat(BudgetReminder.at(749, 1000)).isEmpty();
        assertThat(BudgetReminder.at(750, 1000)).contains(new BudgetReminder(BudgetReminder.Severity.WARN, 750, 1000));
        assertThat(BudgetReminder.at(999, 1000)).map(BudgetReminder::severity).contains(BudgetReminder.Severity.WARN);
        assertThat(BudgetReminder.at(1000, 1000)).map(BudgetReminder::severity)
                .contains(BudgetReminder.Severity.ESCALATE);
        assertThat(BudgetReminder.at(2500, 1000)).map(BudgetReminder::percent).contains(250L);
        assertThat(BudgetReminder.at(3, 4)).map(BudgetReminder::severity).contains(BudgetReminder.Severity.WARN);
        assertThat(BudgetReminder.at(2, 3)).as("67 %").isEmpty();
    }

    private static int rank(Optional<BudgetReminder> reminder) {
        return reminder.map(r -> r.severity().ordinal() + 1).orElse(0);
    }
}
