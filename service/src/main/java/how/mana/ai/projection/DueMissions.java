package how.mana.ai.projection;

import how.mana.ai.mission.Mission;
import java.util.List;

/**
 * The missions due at an instant, oldest {@code nextRunAt} first, and the due records that could not be read as
 * missions (SPEC §9 shapes), which a full pass logs and counts as skipped.
 */
public record DueMissions(List<Mission> missions, List<Mission.Invalid> skipped) {
    public DueMissions {
        missions = List.copyOf(missions);
        skipped = List.copyOf(skipped);
    }
}
