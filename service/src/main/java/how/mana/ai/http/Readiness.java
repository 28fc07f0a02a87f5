package how.mana.ai.http;

/** Whether the service can do its work now: the database answers and its schema is migrated. */
@FunctionalInterface
public interface Readiness {

    Report check();

    /** The body of {@code GET /ready}; 200 when {@code ready}, else 503. */
    record Report(boolean ready, boolean database, boolean migrated) {
        public static Report of(boolean database, boolean migrated) {
            return new Report(database && migrated, database, migrated);
        }
    }
}
