package how.mana.ai.http;

/** The body of {@code GET /health} (SPEC §8, §9): liveness only, it never touches the database. */
public record Health(boolean ok, String service, String version, TickState tick) {

    public static Health of(String version, TickState tick) {
        return new Health(true, "mana-ai", version, tick);
    }

    /**
     * @param enabled    {@code TICK_ENABLED}
     * @param running    the interval scheduler is active
     * @param inProgress a tick is executing right now
     */
    public record TickState(boolean enabled, boolean running, boolean inProgress) {
    }
}
