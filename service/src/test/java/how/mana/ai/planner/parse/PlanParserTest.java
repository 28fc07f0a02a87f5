package how.mana.ai.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.mission.Plan;
import how.mana.ai.mission.PlannedStep;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ToolCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PlanParserTest {
    private static final ToolCatalog CATALOG = ToolCatalog.builtIn(BuiltInCatalog.V0_3);
    private final PlanParser parser = new PlanParser(10);

    private static final String TASK_STEP =
            "{\"toolName\":\"create_task\",\"rationale\":\"why\",\"summary\":\"s\",\"params\":{\"title\":\"Run\"}}";

    // Rule 1: where the JSON is taken from

    @Test
    void takesTheFirstJsonFencedBlock() {
        Plan plan = accepted("Here you go:\n```json\n{\"summary\":\"first\",\"steps\":[]}\n```\n"
                + "```json\n{\"summary\":\"second\",\"steps\":[]}\n```");
        assertThat(plan.summary()).isEqualTo("first");
    }

    @Test
    void takesABareFencedBlock() {
        assertThat(accepted("```\n{\"summary\":\"bare\",\"steps\":[]}\n```").summary()).isEqualTo("bare");
    }

    @Test
    void acceptsUpperCaseInfoStringAndOneLineBlocks() {
        assertThat(accepted("```JSON\n{\"steps\":[]}\n```").steps()).isEmpty();
        assertThat(accepted("text ```json {\"summary\":\"one\",\"steps\":[]}``` text").summary()).isEqualTo("one");
    }

    @Test
    void skipsBlocksInOtherLanguages() {
        Plan plan = accepted("```python\nprint('x')\n```\nthen\n```json\n{\"summary\":\"ok\",\"steps\":[]}\n```");
        assertThat(plan.summary()).isEqualTo("ok");
    }

    @Test
    void withoutFenceTakesTheWholeTrimmedObject() {
        assertThat(accepted("  \n{\"summary\":\"plain\",\"steps\":[]}\n ").summary()).isEqualTo("plain");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "I cannot help with that.", "Sure! {\"steps\":[]}", "{\"steps\":[]} thanks",
            "```json\n{\"steps\":[]}", "```python\n{\"steps\":[]}\n```"})
    void withoutJsonBlockRejects(String answer) {
        assertThat(rejected(answer)).isEqualTo("no JSON block");
    }

    @Test
    void nullAnswerRejects() {
        assertThat(parser.parse(null, CATALOG)).isInstanceOf(ParseResult.Rejected.class);
    }

    // Rule 2: the object, steps and summary

    @Test
    void invalidJsonRejects() {
        assertThat(rejected("```json\n{\"steps\": [}\n```")).startsWith("JSON block is not valid JSON");
        assertThat(rejected("```json\n{\"steps\": []} {}\n```")).startsWith("JSON block is not valid JSON");
    }

    @Test
    void nonObjectRejects() {
        assertThat(rejected("```json\n[1,2]\n```")).isEqualTo("JSON block is not an object");
        assertThat(rejected("```json\n\n```")).isEqualTo("JSON block is not an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"steps\":null}", "{\"steps\":{}}", "{\"steps\":\"none\"}"})
    void stepsMustBeAnArray(String json) {
        assertThat(rejected(json)).isEqualTo("steps: missing or not an array");
    }

    @Test
    void emptyStepListIsAValidPlan() {
        Plan plan = accepted("{\"summary\":\"nothing to do\",\"steps\":[]}");
        assertThat(plan.steps()).isEmpty();
        assertThat(plan.summary()).isEqualTo("nothing to do");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"steps\":[]}", "{\"summary\":7,\"steps\":[]}", "{\"summary\":null,\"steps\":[]}",
            "{\"summary\":{\"a\":1},\"steps\":[]}"})
    void missingOrNonStringSummaryIsEmpty(String json) {
        assertThat(accepted(json).summary()).isEmpty();
    }

    // Rule 3: each step

    @Test
    void acceptsAFullStep() {
        PlannedStep step = accepted("{\"summary\":\"plan\",\"steps\":[{\"toolName\":\"create_task\","
                + "\"rationale\":\"You asked for it\",\"summary\":\"Add run\",\"params\":{\"title\":\"Run 5k\","
                + "\"dueDate\":\"2026-04-16\",\"priority\":\"high\",\"description\":\"easy pace\"}}]}")
                .steps().getFirst();
        assertThat(step.toolName()).isEqualTo("create_task");
        assertThat(step.rationale()).isEqualTo("You asked for it");
        assertThat(step.summary()).isEqualTo("Add run");
        assertThat(step.params().toString())
                .isEqualTo("{\"title\":\"Run 5k\",\"dueDate\":\"2026-04-16\",\"priority\":\"high\",\"description\":\"easy pace\"}");
    }

    @Test
    void stepThatIsNotAnObjectRejects() {
        assertThat(rejected("{\"steps\":[" + TASK_STEP + ",\"create_task\"]}")).isEqualTo("steps[1]: not an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"toolName\":null,", "\"toolName\":\"\",", "\"toolName\":\"  \",", "\"toolName\":3,"})
    void toolNameMustBeANonEmptyString(String toolName) {
        assertThat(rejected("{\"steps\":[{" + toolName + "\"rationale\":\"r\"}]}"))
                .isEqualTo("steps[0].toolName: missing or not a non-empty string");
    }

    @Test
    void toolOutsideTheAllowListRejects() {
        assertThat(rejected("{\"steps\":[" + TASK_STEP + ",{\"toolName\":\"delete_everything\",\"rationale\":\"r\"}]}"))
                .isEqualTo("steps[1].toolName: \"delete_everything\" is not an allowed tool");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"rationale\":null,", "\"rationale\":\"\",", "\"rationale\":\" \\n \",",
            "\"rationale\":[\"r\"],"})
    void rationaleMustBeANonEmptyString(String rationale) {
        assertThat(rejected("{\"steps\":[{" + rationale + "\"toolName\":\"complete_task\",\"params\":{\"taskId\":\"t1\"}}]}"))
                .isEqualTo("steps[0].rationale: missing or not a non-empty string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "\"summary\":null,", "\"summary\":5,", "\"summary\":{},"})
    void stepSummaryDefaultsToEmpty(String summary) {
        PlannedStep step = accepted("{\"steps\":[{" + summary
                + "\"toolName\":\"complete_task\",\"rationale\":\"r\",\"params\":{\"taskId\":\"t1\"}}]}").steps().getFirst();
        assertThat(step.summary()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",\"params\":null", ",\"params\":[]", ",\"params\":\"x\""})
    void paramsDefaultToEmptyObject(String params) {
        PlannedStep step = accepted("{\"steps\":[{\"toolName\":\"x_free\",\"rationale\":\"r\"" + params + "}]}",
                withFreeTool()).steps().getFirst();
        assertThat(step.params().isEmpty()).isTrue();
    }

    // Rule 4: parameters against the tool's definition

    @Test
    void missingRequiredParameterRejectsNamingStepAndParameter() {
        assertThat(rejected("{\"steps\":[" + TASK_STEP + ",{\"toolName\":\"create_event\",\"rationale\":\"r\","
                + "\"params\":{\"title\":\"Long run\"}}]}"))
                .isEqualTo("steps[1].params.startIso: required parameter missing");
        assertThat(rejected("{\"steps\":[{\"toolName\":\"create_task\",\"rationale\":\"r\"}]}"))
                .isEqualTo("steps[0].params.title: required parameter missing");
        assertThat(rejected("{\"steps\":[{\"toolName\":\"create_task\",\"rationale\":\"r\",\"params\":{\"title\":null}}]}"))
                .isEqualTo("steps[0].params.title: required parameter missing");
    }

    @Test
    void blankRequiredParameterRejects() {
        assertThat(rejected("{\"steps\":[{\"toolName\":\"create_task\",\"rationale\":\"r\",\"params\":{\"title\":\" \"}}]}"))
                .isEqualTo("steps[0].params.title: required parameter is empty");
    }

    @Test
    void valueOutsideTheEnumRejects() {
        assertThat(rejected(taskWith("\"priority\":\"urgent\"")))
                .isEqualTo("steps[0].params.priority: \"urgent\" is not one of low|medium|high");
        assertThat(rejected(taskWith("\"priority\":\"High\"")))
                .isEqualTo("steps[0].params.priority: \"High\" is not one of low|medium|high");
    }

    @ParameterizedTest
    @ValueSource(strings = {"low", "medium", "high"})
    void valueInsideTheEnumIsAccepted(String priority) {
        assertThat(accepted(taskWith("\"priority\":\"" + priority + "\"")).steps().getFirst().params()
                .get("priority").textValue()).isEqualTo(priority);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16.04.2026", "2026-4-16", "2026-02-30", "2026-04-16T10:00:00Z", "tomorrow", ""})
    void dateParameterMustBeACalendarDate(String date) {
        assertThat(rejected(taskWith("\"dueDate\":\"" + date + "\"")))
                .isEqualTo("steps[0].params.dueDate: \"" + date + "\" is not a date (YYYY-MM-DD)");
    }

    @Test
    void validDateIsAccepted() {
        assertThat(accepted(taskWith("\"dueDate\":\"2028-02-29\"")).steps()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "true", "[\"a\"]", "{\"a\":1}"})
    void declaredParameterThatIsNotAStringRejects(String value) {
        assertThat(rejected(taskWith("\"description\":" + value)))
                .startsWith("steps[0].params.description: ").endsWith(", not a string");
        assertThat(rejected("{\"steps\":[{\"toolName\":\"create_task\",\"rationale\":\"r\",\"params\":{\"title\":"
                + value + "}}]}")).startsWith("steps[0].params.title: ");
    }

    @Test
    void optionalDeclaredParameterGivenAsNullIsDropped() {
        assertThat(accepted(taskWith("\"dueDate\":null")).steps().getFirst().params().has("dueDate")).isFalse();
    }

    @Test
    void undeclaredParametersAreKeptAsGiven() {
        PlannedStep step = accepted(taskWith("\"estimateMinutes\":45,\"tags\":[\"run\"],\"note\":null")).steps().getFirst();
        assertThat(step.params().toString())
                .isEqualTo("{\"title\":\"Run\",\"estimateMinutes\":45,\"tags\":[\"run\"],\"note\":null}");
    }

    // Rule 5 and §9: the whole plan fails; step cap

    @Test
    void oneBadStepRejectsTheWholePlan() {
        String steps = (TASK_STEP + ",").repeat(3) + "{\"toolName\":\"create_task\",\"rationale\":\"\"}";
        assertThat(rejected("{\"steps\":[" + steps + "]}")).isEqualTo("steps[3].rationale: missing or not a non-empty string");
    }

    @Test
    void stepCountIsCappedByMaxPlanSteps() {
        PlanParser capped = new PlanParser(3);
        assertThat(((ParseResult.Accepted) capped.parse(planOf(3), CATALOG)).plan().steps()).hasSize(3);
        assertThat(((ParseResult.Rejected) capped.parse(planOf(4), CATALOG)).reason()).isEqualTo("steps: 4 steps, at most 3 allowed");
    }

    @Test
    void longModelTextInReasonsIsShortened() {
        String name = "x".repeat(500);
        assertThat(rejected("{\"steps\":[{\"toolName\":\"" + name + "\",\"rationale\":\"r\"}]}"))
                .isEqualTo("steps[0].toolName: \"" + "x".repeat(40) + "…\" is not an allowed tool");
    }

    private static String planOf(int n) {
        return "{\"steps\":[" + String.join(",", java.util.Collections.nCopies(n, TASK_STEP)) + "]}";
    }

    private static String taskWith(String extraParams) {
        return "{\"steps\":[{\"toolName\":\"create_task\",\"rationale\":\"r\",\"params\":{\"title\":\"Run\","
                + extraParams + "}}]}";
    }

    private static ToolCatalog withFreeTool() {
        return ToolCatalog.parse("test", "{\"tools\":[{\"name\":\"x_free\",\"module\":\"m\",\"description\":\"d\","
                + "\"parameters\":[{\"name\":\"note\",\"type\":\"string\"}]}]}");
    }

    private Plan accepted(String answer) {
        return accepted(answer, CATALOG);
    }

    private static Plan accepted(String answer, ToolCatalog catalog) {
        ParseResult result = new PlanParser(10).parse(answer, catalog);
        assertThat(result).isInstanceOf(ParseResult.Accepted.class);
        return ((ParseResult.Accepted) result).plan();
    }

    private String rejected(String answer) {
        ParseResult result = parser.parse(answer, CATALOG);
        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }
}
