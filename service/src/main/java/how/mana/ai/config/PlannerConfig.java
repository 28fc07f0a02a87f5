package how.mana.ai.config;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What the planner offers the model and accepts back.
 *
 * @param toolsFile a JSON file replacing the built-in tool allow-list
 * @param defaultTimezone the zone of missions without a valid one of their own: for the prompt's dates and for the
 *        next run of daily, weekly and cron cadences
 */
public record PlannerConfig(
        int maxPlanSteps,
        Optional<Path> toolsFile,
        PromptLocale promptLocale,
        ZoneId defaultTimezone) {

    static PlannerConfig from(EnvReader r) {
        return new PlannerConfig(
                r.integer("MANA_AI_MAX_PLAN_STEPS", 10, 1, 100),
                r.readableFile("MANA_AI_TOOLS_FILE"),
                r.enumValue("MANA_AI_PROMPT_LOCALE", PromptLocale.class, PromptLocale.DE),
                r.zone("MANA_AI_DEFAULT_TIMEZONE", "UTC"));
    }
}
