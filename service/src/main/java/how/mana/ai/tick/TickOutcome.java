package how.mana.ai.tick;

/** What became of one request to tick, as the scheduler, {@code POST /internal/tick} and {@code tick} see it. */
public sealed interface TickOutcome {

    /** The tick ran to the end; {@code stats} says what it did. */
    record Completed(TickStats stats) implements TickOutcome {
    }

    /** Another tick was running, so this one did not start (SPEC §9: {@code "errors":["overlap-skipped"]}). */
    record OverlapSkipped(TickStats stats) implements TickOutcome {
    }

    /** The tick threw; {@code reason} is short and safe to show (no stack trace, no secrets). */
    record Failed(String reason) implements TickOutcome {
    }

    /** The service is stopping and starts no new tick. */
    record ShuttingDown() implements TickOutcome {
    }
}
