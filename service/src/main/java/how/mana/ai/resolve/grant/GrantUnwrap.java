package how.mana.ai.resolve.grant;

import java.util.Set;

/** What a mission's grant gave this run: its key and allow-list, or the reason it gave none. */
sealed interface GrantUnwrap {

    /**
     * The key and the records it may decrypt.
     *
     * @param allowList the grant's {@code derivation.recordIds}: {@code "<table>:<id>"} strings
     */
    record Unwrapped(MissionKey key, Set<String> allowList) implements GrantUnwrap {
        public Unwrapped {
            allowList = Set.copyOf(allowList);
        }
    }

    record Skipped(GrantSkip reason) implements GrantUnwrap {
    }
}
