package how.mana.ai.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.mission.Mission;
import java.time.Instant;
import java.time.ZoneId;

/**
 * When a mission runs next after a run at {@code now} (SPEC §6 "Next run"). Pure: the caller logs an
 * {@link NextRun.InvalidCadence} with the mission and user ids, and writes {@code nextRunAt: null}.
 */
public final class NextRunCalculator {

    /** The next run for {@code cadence} (the raw JSON of a mission's {@code cadence} field) on {@code zone}'s clock. */
    public NextRun next(JsonNode cadence, ZoneId zone, Instant now) {
        return switch (CadenceReader.read(cadence)) {
            case CadenceReader.Valid valid -> valid.cadence().nextAfter(now, zone);
            case CadenceReader.Invalid invalid -> new NextRun.InvalidCadence(invalid.reason());
        };
    }

    /** The next run of {@code mission}, on its own time zone's clock or else {@code defaultZone}'s. */
    public NextRun nextFor(Mission mission, ZoneId defaultZone, Instant now) {
        return next(mission.cadence(), zoneOf(mission, defaultZone), now);
    }

    /** The mission's {@code timezone} when it names a valid zone, else {@code defaultZone} (the configured default). */
    public static ZoneId zoneOf(Mission mission, ZoneId defaultZone) {
        return mission.timezone().orElse(defaultZone);
    }
}
