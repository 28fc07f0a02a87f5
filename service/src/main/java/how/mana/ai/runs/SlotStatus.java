package how.mana.ai.runs;

import java.util.Locale;

/** Where a due slot stands. Only {@code PENDING} slots are ever claimed. */
public enum SlotStatus {
    /** Not yet planned, or waiting for its next attempt after a failure. */
    PENDING,
    /** Its plan was written back. */
    DONE,
    /** Planning failed {@code MANA_AI_MAX_ATTEMPTS} times; a failed iteration was written back. */
    FAILED,
    /** The mission changed (paused, deleted, rescheduled, run elsewhere) before the plan could be written. */
    SUPERSEDED,
    /** The server must not plan it (title and objective are ciphertext, SPEC §21.2); nothing was written. */
    SKIPPED;

    String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
