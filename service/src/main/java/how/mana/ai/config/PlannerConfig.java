package how.mana.ai.config;

import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolCatalogException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;

/**
 * What the planner offers the model and accepts back.
 *
 * @param kind            how the model is asked: native tool calling (the default) or the v0.3 text-JSON answer
 * @param tools           the tools a run is offered: {@code MANA_AI_TOOLS_FILE} when set, else the built-in
 *                        catalog {@code MANA_AI_TOOL_CATALOG} chooses; loaded and checked here, so a bad catalog
 *                        stops start-up like any bad setting
 * @param maxRounds       model turns one tool-calling run may take
 * @param policyMode      what a call carrying an injection marker gets
 * @param defaultTimezone the zone of missions without a valid one of their own: for the prompt's dates and for the
 *                        next run of daily, weekly and cron cadences
 */
public record PlannerConfig(
        PlannerKind kind,
        ToolCatalog tools,
        int maxPlanSteps,
        int maxRounds,
        PolicyMode policyMode,
        PromptLocale promptLocale,
        ZoneId defaultTimezone) {

    static PlannerConfig from(EnvReader r) {
        PlannerKind kind = r.enumValue("MANA_AI_PLANNER", PlannerKind.class, PlannerKind.TOOLS);
        BuiltInCatalog builtIn = r.enumValue("MANA_AI_TOOL_CATALOG", BuiltInCatalog.class, BuiltInCatalog.CURRENT,
                BuiltInCatalog::configName);
        Optional<Path> file = r.readableFile("MANA_AI_TOOLS_FILE");
        ToolCatalog tools;
        try {
            tools = ToolCatalog.load(builtIn, file);
        } catch (ToolCatalogException e) {
            throw new ConfigException((file.isPresent() ? "MANA_AI_TOOLS_FILE" : "MANA_AI_TOOL_CATALOG") + ": "
                    + e.getMessage());
        }
        return new PlannerConfig(kind, tools,
                r.integer("MANA_AI_MAX_PLAN_STEPS", 10, 1, 100),
                r.integer("MANA_AI_MAX_ROUNDS", 5, 1, 20),
                r.enumValue("POLICY_MODE", PolicyMode.class, PolicyMode.LOG_ONLY, PolicyMode::configName),
                r.enumValue("MANA_AI_PROMPT_LOCALE", PromptLocale.class, PromptLocale.DE),
                r.zone("MANA_AI_DEFAULT_TIMEZONE", "UTC"));
    }
}
