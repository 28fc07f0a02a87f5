package how.mana.ai.mission;

import java.util.List;

/** A plan that passed the strict parser (SPEC §5); an empty step list is valid. */
public record Plan(String summary, List<PlannedStep> steps) {
    public Plan {
        steps = List.copyOf(steps);
    }
}
