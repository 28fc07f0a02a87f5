package how.mana.ai;

import how.mana.ai.http.UserMissions;
import how.mana.ai.sync.IsoTime;
import how.mana.ai.tick.Tick;
import how.mana.ai.tick.TickStats;
import io.javalin.http.HttpResponseException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The one place where the tick and the missions view are put together from the shared {@link Services}; both
 * {@code serve} and {@code tick} take them from here.
 */
public final class Wiring {
    private Wiring() {
    }

    /** The tick that {@code serve}'s scheduler, {@code POST /internal/tick} and the {@code tick} command run. */
    public static Tick tick(Services services) {
        // Replaced by the real tick (refresh snapshot, due missions, plan, write back): until then a tick only
        // proves the database answers and reports that it found nothing to do.
        return () -> {
            Instant start = services.clock().instant();
            try (Connection c = services.database().getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
            long durationMs = Duration.between(start, services.clock().instant()).toMillis();
            return new TickStats(IsoTime.format(start), 0, 0, 0, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, durationMs);
        };
    }

    /** Answers {@code GET /internal/missions/{userId}}. */
    public static UserMissions userMissions(Services services) {
        // Replaced by the projection's view of a user's missions; until then the route says so instead of
        // pretending the user has none.
        return userId -> {
            throw new HttpResponseException(501, "the missions view is not wired yet");
        };
    }
}
