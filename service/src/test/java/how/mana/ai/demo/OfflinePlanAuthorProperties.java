package how.mana.ai.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.planner.TestMissions;
import how.mana.ai.planner.parse.ParseResult;
import how.mana.ai.planner.parse.PlanParser;
import how.mana.ai.planner.prompt.PromptBuilder;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.FunctionSpecs;
import how.mana.ai.planner.tools.ToolCatalog;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.TextStyle;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;

/** Whatever the mission says, the offline plan is one the strict parser accepts, and it reads the text exactly. */
class OfflinePlanAuthorProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolCatalog CATALOG = ToolCatalog.builtIn(BuiltInCatalog.CURRENT);
    private static final PlanParser PARSER = new PlanParser(10);
    private static final OfferedTools OFFERED = OfferedTools.fromFunctionSpecs(FunctionSpecs.of(CATALOG));
    private static final LocalDate MONDAY = LocalDate.of(2026, 4, 20);

    @Property
    void everyAnswerIsAnAcceptedPlanOfOneToThreeSteps(@ForAll @StringLength(max = 300) String title,
                                                      @ForAll @StringLength(max = 300) String objective,
                                                      @ForAll @StringLength(max = 300) String feedback,
                                                      @ForAll @IntRange(max = 400) int daysAhead,
                                                      @ForAll PromptLocale locale) {
        String answer = new OfflinePlanAuthor().answer(PromptedMission.read(userMessage(title, objective, feedback,
                locale)), MONDAY.plusDays(daysAhead), OFFERED);

        ParseResult result = PARSER.parse(answer, CATALOG);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        assertThat(((ParseResult.Accepted) result).plan().steps()).hasSizeBetween(1, 3);
    }

    @Property
    void theMissionTextIsReadBackExactlyFromThePrompt(@ForAll String title, @ForAll String objective,
                                                      @ForAll String feedback, @ForAll PromptLocale locale) {
        // Ciphertext is withheld from the prompt by design; it is not mission text to read back.
        Assume.that(!Ciphertext.contains(title + objective + feedback));
        PromptedMission read = PromptedMission.read(userMessage(title, objective, feedback, locale));

        // Blank text is shown as "none" in the prompt, so it reads back as empty.
        assertThat(read.title()).isEqualTo(title.isBlank() ? "" : title);
        assertThat(read.objective()).isEqualTo(objective.isBlank() ? "" : objective);
        assertThat(read.feedback()).isEqualTo(feedback.isBlank() ? List.of() : List.of(feedback));
    }

    @Property
    void aDayTheFeedbackSaysNoToIsRuledOut(@ForAll DayOfWeek day) {
        String german = day.getDisplayName(TextStyle.FULL, Locale.GERMAN);
        assertThat(OfflinePlanAuthor.ruledOutDays(german + "s nie, bitte")).containsExactly(day);
        assertThat(OfflinePlanAuthor.ruledOutDays("Gern am " + german)).isEmpty();
    }

    private static String userMessage(String title, String objective, String feedback, PromptLocale locale) {
        ObjectNode record = JSON.createObjectNode().put("id", "m-1").put("title", title).put("objective", objective);
        record.putArray("iterations").addObject().put("id", "it-1").put("userFeedback", feedback).putArray("plan");
        return new PromptBuilder(locale, java.time.Clock.systemUTC(), java.time.ZoneOffset.UTC)
                .jsonPlan(TestMissions.mission(record.toString()), List.of(), CATALOG).user();
    }
}
