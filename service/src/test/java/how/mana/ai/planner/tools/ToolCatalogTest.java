package how.mana.ai.planner.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolCatalogTest {
    /**
     * The drift guard (SPEC §14.2, §14.4): the web app's 62 proposable tools, by module, in catalog order. A tool
     * added, renamed or moved in the app must be added here and to tools-current.json together.
     */
    private static final Map<String, List<String>> PROPOSABLE = new LinkedHashMap<>();

    static {
        PROPOSABLE.put("todo", List.of("create_task", "complete_task", "complete_tasks_by_title"));
        PROPOSABLE.put("calendar", List.of("create_event"));
        PROPOSABLE.put("notes", List.of("create_note", "update_note", "append_to_note", "add_tag_to_note"));
        PROPOSABLE.put("places", List.of("create_place", "visit_place"));
        PROPOSABLE.put("drink", List.of("undo_drink"));
        PROPOSABLE.put("news", List.of("save_news_article"));
        PROPOSABLE.put("articles", List.of("save_article", "archive_article", "tag_article", "add_article_highlight"));
        PROPOSABLE.put("news-research", List.of("research_news"));
        PROPOSABLE.put("journal", List.of("create_journal_entry"));
        PROPOSABLE.put("habits", List.of("create_habit", "log_habit"));
        PROPOSABLE.put("goals", List.of("create_goal", "pause_goal", "resume_goal", "complete_goal"));
        PROPOSABLE.put("contacts", List.of("create_contact"));
        PROPOSABLE.put("mood", List.of("log_mood"));
        PROPOSABLE.put("finance", List.of("add_transaction"));
        PROPOSABLE.put("times", List.of("start_timer", "stop_timer"));
        PROPOSABLE.put("events", List.of("suggest_event"));
        PROPOSABLE.put("quiz", List.of("create_quiz", "update_quiz", "add_quiz_question", "update_quiz_question",
                "delete_quiz_question"));
        PROPOSABLE.put("invoices", List.of("create_invoice", "mark_invoice_paid"));
        PROPOSABLE.put("library", List.of("create_library_entry", "update_library_entry_status",
                "rate_library_entry"));
        PROPOSABLE.put("broadcast", List.of("create_campaign_draft"));
        PROPOSABLE.put("website", List.of("create_website", "apply_website_template", "create_website_page",
                "add_website_block", "update_website_block", "publish_website"));
        PROPOSABLE.put("writing", List.of("create_draft", "generate_draft_content", "refine_draft_selection",
                "set_draft_status", "save_draft_as_article"));
        PROPOSABLE.put("comic", List.of("create_comic_story", "generate_comic_panel", "create_comic_character",
                "generate_character_variant", "pin_character_variant"));
        PROPOSABLE.put("augur", List.of("capture_sign", "resolve_sign"));
        PROPOSABLE.put("lasts", List.of("create_last", "confirm_last", "reclaim_last"));
    }

    private static final ToolCatalog CURRENT = ToolCatalog.builtIn(BuiltInCatalog.CURRENT);

    @Test
    void theCurrentCatalogHoldsExactlyTheSixtyTwoProposableToolsOfTheWebAppInTheirModules() {
        Map<String, List<String>> byModule = new LinkedHashMap<>();
        CURRENT.tools().forEach(t -> byModule.computeIfAbsent(t.module(), m -> new ArrayList<>()).add(t.name()));

        assertThat(byModule).containsExactlyEntriesOf(PROPOSABLE);
        assertThat(CURRENT.tools()).hasSize(62);
        assertThat(byModule).hasSize(25);
        assertThat(ToolCatalog.load(BuiltInCatalog.CURRENT, Optional.empty()).tools()).isEqualTo(CURRENT.tools());
    }

    @Test
    void everyCurrentToolAndRequiredParameterIsDescribed() {
        assertThat(CURRENT.tools()).allSatisfy(tool -> {
            assertThat(tool.description()).as(tool.name()).isNotBlank();
            assertThat(tool.parameters()).filteredOn(ToolParameter::required)
                    .allSatisfy(p -> assertThat(p.description()).as(tool.name() + "." + p.name()).isNotBlank());
        });
    }

    /** The typed parameters of §14.4 the device now wants: a plan naming v0.3's startIso fails on a current device. */
    @Test
    void theCurrentCatalogTypesItsParametersAsTheWebAppDoes() {
        ToolDefinition event = CURRENT.find("create_event").orElseThrow();
        assertThat(event.parameters()).extracting(ToolParameter::name)
                .containsExactly("title", "startTime", "endTime", "isAllDay", "location", "description");
        assertThat(requiredOf(CURRENT, "create_event")).containsExactly("title", "startTime", "endTime");
        assertThat(event.parameter("isAllDay").orElseThrow().type()).isEqualTo(ParamType.BOOLEAN);
        ToolDefinition place = CURRENT.find("create_place").orElseThrow();
        assertThat(requiredOf(CURRENT, "create_place")).containsExactly("name", "latitude", "longitude");
        assertThat(place.parameter("latitude").orElseThrow().type()).isEqualTo(ParamType.NUMBER);
        assertThat(place.parameter("category").orElseThrow().allowedValues()).hasSize(12).contains("nightlife");
        assertThat(CURRENT.find("create_invoice").orElseThrow().parameter("lines").orElseThrow().type())
                .isEqualTo(ParamType.ARRAY);
        assertThat(CURRENT.find("update_website_block").orElseThrow().parameter("patch").orElseThrow().type())
                .isEqualTo(ParamType.OBJECT);
        assertThat(CURRENT.find("log_mood").orElseThrow().parameter("emotion").orElseThrow().allowedValues())
                .hasSize(16);
        assertThat(CURRENT.tools()).flatExtracting(ToolDefinition::parameters).extracting(ToolParameter::type)
                .containsOnly(ParamType.STRING, ParamType.NUMBER, ParamType.BOOLEAN, ParamType.ARRAY,
                        ParamType.OBJECT);
    }

    @Test
    void theV03CatalogIsTheDefaultAllowListOfSpecSection5Unchanged() {
        ToolCatalog catalog = ToolCatalog.builtIn(BuiltInCatalog.V0_3);

        assertThat(catalog.tools()).extracting(ToolDefinition::name)
                .containsExactly("create_task", "complete_task", "create_event", "create_place");
        assertThat(catalog.tools()).extracting(ToolDefinition::module)
                .containsExactly("todo", "todo", "calendar", "places");
        assertThat(requiredOf(catalog, "create_task")).containsExactly("title");
        assertThat(requiredOf(catalog, "complete_task")).containsExactly("taskId");
        assertThat(requiredOf(catalog, "create_event")).containsExactly("title", "startIso");
        assertThat(requiredOf(catalog, "create_place")).containsExactly("name");
        ToolDefinition createTask = catalog.find("create_task").orElseThrow();
        assertThat(createTask.parameters()).extracting(ToolParameter::name)
                .containsExactly("title", "dueDate", "priority", "description");
        assertThat(createTask.parameter("priority").orElseThrow().allowedValues())
                .containsExactly("low", "medium", "high");
        assertThat(createTask.parameter("dueDate").orElseThrow().format()).contains(ParamFormat.DATE);
        assertThat(catalog.find("create_event").orElseThrow().parameters()).extracting(ToolParameter::name)
                .containsExactly("title", "startIso", "endIso");
        assertThat(catalog.find("create_place").orElseThrow().parameters()).extracting(ToolParameter::name)
                .containsExactly("name", "category");
        assertThat(catalog.tools()).flatExtracting(ToolDefinition::parameters).extracting(ToolParameter::type)
                .containsOnly(ParamType.STRING);
    }

    @Test
    void operatorFileReplacesTheBuiltInCatalogInEitherForm(@TempDir Path dir) throws IOException {
        Path object = Files.writeString(dir.resolve("tools.json"), """
                {"tools":[{"name":"create_note","module":"notes","description":"Write a note.",
                  "parameters":[{"name":"body","type":"string","required":true,"description":"Text."}]}]}
                """);
        Path array = Files.writeString(dir.resolve("array.json"), """
                [{"name":"create_note","module":"notes","description":"Notiz","defaultPolicy":"propose"},
                 {"name":"list_notes","module":"notes","description":"Notizen lesen","defaultPolicy":"auto"}]
                """);

        for (Path file : List.of(object, array)) {
            ToolCatalog catalog = ToolCatalog.load(BuiltInCatalog.CURRENT, Optional.of(file));
            assertThat(catalog.tools()).as(file.toString()).extracting(ToolDefinition::name)
                    .containsExactly("create_note");
            assertThat(catalog.find("create_task")).isEmpty();
        }
    }

    @Test
    void autoToolsAreCheckedButNeverOffered() {
        ToolCatalog catalog = ToolCatalog.parse("t", """
                [{"name":"a","module":"m","description":"d","defaultPolicy":"auto"},
                 {"name":"b","module":"m","description":"d"}]""");

        assertThat(catalog.tools()).extracting(ToolDefinition::name).containsExactly("b");
        assertThatThrownBy(() -> ToolCatalog.parse("t", """
                [{"name":"a","module":"m","description":"d","defaultPolicy":"auto"}]"""))
                .hasMessageContaining("holds no tool whose defaultPolicy is propose");
    }

    @Test
    void aRunMayBeOfferedAPartOfTheCatalog() {
        ToolCatalog todo = CURRENT.only(t -> t.module().equals("todo"));

        assertThat(todo.tools()).extracting(ToolDefinition::name)
                .containsExactly("create_task", "complete_task", "complete_tasks_by_title");
        assertThat(todo.find("create_event")).isEmpty();
        assertThat(todo).hasToString("current (3 tools)");
    }

    @Test
    void unreadableFileNamesTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> ToolCatalog.load(BuiltInCatalog.CURRENT, Optional.of(missing)))
                .isInstanceOf(ToolCatalogException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot be read");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | {"tools": [                                                            | is not valid JSON
            root not a list or object | 7                                                                     | must be a JSON array of tools or an object
            unknown root key         | {"tools":[], "extra":1}                                                | at extra: is not a known key
            tools missing            | {}                                                                     | at tools: must be a non-empty array
            tools empty              | {"tools":[]}                                                           | at tools: must be a non-empty array
            array empty              | []                                                                     | invalid: must be a non-empty array
            tool not an object       | {"tools":[1]}                                                          | at tools[0]: must be an object
            empty name               | {"tools":[{"name":" ","module":"m","description":"d"}]}                | at tools[0].name: must be a non-empty string
            name not a string        | {"tools":[{"name":7,"module":"m","description":"d"}]}                  | at tools[0].name: must be a non-empty string
            module missing           | {"tools":[{"name":"a","description":"d"}]}                             | at tools[0] (a).module: must be a non-empty string
            description missing      | {"tools":[{"name":"a","module":"m"}]}                                  | at tools[0] (a).description: must be a non-empty string
            duplicate tool name      | {"tools":[{"name":"a","module":"m","description":"d"},{"name":"a","module":"m","description":"d"}]} | at tools[1] (a).name: "a" is defined twice
            misspelt key             | {"tools":[{"name":"a","module":"m","description":"d","parameter":[]}]} | at tools[0] (a).parameter: is not a known key
            parameters not array     | {"tools":[{"name":"a","module":"m","description":"d","parameters":{}}]} | at tools[0] (a).parameters: must be an array
            unknown type             | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"text"}]}]} | at tools[0] (a).parameters[0] (p).type: "text" is not a known type (known: string, number, integer, boolean, array, object)
            type missing             | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p"}]}]} | at tools[0] (a).parameters[0] (p).type: must be a non-empty string
            parameter name empty     | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"","type":"string"}]}]} | at tools[0] (a).parameters[0].name: must be a non-empty string
            duplicate parameter      | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string"},{"name":"p","type":"string"}]}]} | at tools[0] (a).parameters[1] (p).name: "p" is defined twice
            required undescribed     | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","required":true}]}]} | at tools[0] (a).parameters[0] (p).description: is required for the required parameter "p"
            required not boolean     | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","required":"yes"}]}]} | at tools[0] (a).parameters[0] (p).required: must be true or false
            misspelt required        | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","requierd":true}]}]} | at tools[0] (a).parameters[0] (p).requierd: is not a known key
            enum empty               | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","enum":[]}]}]} | at tools[0] (a).parameters[0] (p).enum: must be a non-empty array of strings
            enum not strings         | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","enum":[1]}]}]} | at tools[0] (a).parameters[0] (p).enum: must hold only non-empty strings
            enum duplicate           | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","enum":["x","x"]}]}]} | at tools[0] (a).parameters[0] (p).enum: lists "x" twice
            unknown format           | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","format":"email"}]}]} | at tools[0] (a).parameters[0] (p).format: "email" is not a known format (known: date)
            enum on a number         | [{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"number","enum":["1"]}]}] | at [0] (a).parameters[0] (p).enum: is allowed on string parameters only
            format on a boolean      | [{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"boolean","format":"date"}]}] | at [0] (a).parameters[0] (p).format: is allowed on string parameters only
            unknown policy           | [{"name":"a","module":"m","description":"d","defaultPolicy":"ask"}]    | at [0] (a).defaultPolicy: must be auto or propose
            """)
    void invalidDocumentIsRejectedNamingSourceAndPlace(String caseName, String json, String problem) {
        assertThatThrownBy(() -> ToolCatalog.parse("ops/tools.json", json))
                .isInstanceOf(ToolCatalogException.class)
                .hasMessageStartingWith("tool catalog ops/tools.json is invalid")
                .hasMessageContaining(problem);
    }

    @Test
    void optionalParameterMayOmitDescriptionAndRequired() {
        ToolCatalog catalog = ToolCatalog.parse("t", """
                {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string"}]}]}
                """);

        ToolParameter p = catalog.find("a").orElseThrow().parameter("p").orElseThrow();
        assertThat(p.required()).isFalse();
        assertThat(p.description()).isEmpty();
        assertThat(p.allowedValues()).isEmpty();
        assertThat(p.format()).isEmpty();
    }

    private static List<String> requiredOf(ToolCatalog catalog, String tool) {
        return catalog.find(tool).orElseThrow().parameters().stream()
                .filter(ToolParameter::required).map(ToolParameter::name).toList();
    }
}
