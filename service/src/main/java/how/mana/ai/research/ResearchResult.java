package how.mana.ai.research;

import how.mana.ai.resolve.ResolvedInput;
import java.util.List;

/**
 * What research before planning gave one mission's run. Either way, {@code problems} names each research call that
 * failed (call and reason, never mission text); a failure never stops the mission from being planned.
 */
public sealed interface ResearchResult {

    List<String> problems();

    /** Plan now, with these inputs added (none when the mission asked for no research or research found nothing). */
    record Ready(List<ResolvedInput> inputs, List<String> problems) implements ResearchResult {
        public Ready {
            inputs = List.copyOf(inputs);
            problems = List.copyOf(problems);
        }
    }

    /**
     * The mission's deep-research job is still running (or was just submitted): plan it on a later pass. Not a
     * failure and no attempt used up.
     */
    record Waiting(List<String> problems) implements ResearchResult {
        public Waiting {
            problems = List.copyOf(problems);
        }
    }
}
