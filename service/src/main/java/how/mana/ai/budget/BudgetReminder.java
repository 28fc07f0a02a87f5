package how.mana.ai.budget;

import java.util.Optional;

/**
 * The token-budget reminder a tool-calling run gives the model before a round (SPEC-LATEST §13.3): from three
 * quarters of the agent's daily budget on a warning, from the whole budget on an escalation. Mid-run there is no hard
 * stop; the budget is enforced by the next claim. Pure.
 *
 * @param used tokens of the last 24 hours before the run plus those of the run so far
 * @param cap  the agent's {@code maxTokensPerDay}, more than 0
 */
public record BudgetReminder(Severity severity, long used, long cap) {

    /** How urgent the reminder is, as {@code mana_ai_reminders_emitted_total{severity}} names it. */
    public enum Severity {
        /** At least 75 % used: plan sparingly, summarise soon. */
        WARN("warn"),
        /** All used: finish now with a summary. */
        ESCALATE("escalate");

        private final String wireName;

        Severity(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }
    }

    /** The producer label of this reminder in {@code mana_ai_reminders_emitted_total}. */
    public static final String PRODUCER = "token-budget";

    /**
     * The reminder due when {@code used} tokens of a budget of {@code cap} are spent: none below 75 % (and none for a
     * cap of 0 or less, which is no budget to remind of: such an agent never gets a slot).
     */
    public static Optional<BudgetReminder> at(long used, long cap) {
        if (cap <= 0) {
            return Optional.empty();
        }
        long spent = Math.max(0, used);
        if (spent >= cap) {
            return Optional.of(new BudgetReminder(Severity.ESCALATE, spent, cap));
        }
        // spent / cap >= 3/4 exactly, without overflow: ceil(3 cap / 4) = cap - floor(cap / 4).
        if (spent >= cap - cap / 4) {
            return Optional.of(new BudgetReminder(Severity.WARN, spent, cap));
        }
        return Optional.empty();
    }

    /** The share used, in whole percent, rounded half up. */
    public long percent() {
        return Math.round(100.0 * used / cap);
    }
}
