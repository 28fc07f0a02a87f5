package how.mana.ai.planner.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolCatalogTest {

    @Test
    void shippedFileHoldsTheDefaultAllowListOfSpecSection5() {
        ToolCatalog catalog = ToolCatalog.load(Optional.empty());

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
    void operatorFileReplacesTheDefault(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("tools.json"), """
                {"tools":[{"name":"create_note","module":"notes","description":"Write a note.",
                  "parameters":[{"name":"body","type":"string","required":true,"description":"Text."}]}]}
                """);

        ToolCatalog catalog = ToolCatalog.load(Optional.of(file));

        assertThat(catalog.tools()).extracting(ToolDefinition::name).containsExactly("create_note");
        assertThat(catalog.find("create_task")).isEmpty();
    }

    @Test
    void unreadableFileNamesTheFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> ToolCatalog.load(Optional.of(missing)))
                .isInstanceOf(ToolCatalogException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("cannot be read");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON                 | {"tools": [                                                            | is not valid JSON
            root not an object       | []                                                                     | must be a JSON object
            unknown root key         | {"tools":[], "extra":1}                                                | at extra: is not a known key
            tools missing            | {}                                                                     | at tools: must be a non-empty array
            tools empty              | {"tools":[]}                                                           | at tools: must be a non-empty array
            tool not an object       | {"tools":[1]}                                                          | at tools[0]: must be an object
            empty name               | {"tools":[{"name":" ","module":"m","description":"d"}]}                | at tools[0].name: must be a non-empty string
            name not a string        | {"tools":[{"name":7,"module":"m","description":"d"}]}                  | at tools[0].name: must be a non-empty string
            module missing           | {"tools":[{"name":"a","description":"d"}]}                             | at tools[0].module: must be a non-empty string
            description missing      | {"tools":[{"name":"a","module":"m"}]}                                  | at tools[0].description: must be a non-empty string
            duplicate tool name      | {"tools":[{"name":"a","module":"m","description":"d"},{"name":"a","module":"m","description":"d"}]} | at tools[1].name: "a" is defined twice
            misspelt key             | {"tools":[{"name":"a","module":"m","description":"d","parameter":[]}]} | at tools[0].parameter: is not a known key
            parameters not array     | {"tools":[{"name":"a","module":"m","description":"d","parameters":{}}]} | at tools[0].parameters: must be an array
            unknown type             | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"number"}]}]} | at tools[0].parameters[0].type: "number" is not a known type (known: string)
            type missing             | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p"}]}]} | at tools[0].parameters[0].type: must be a non-empty string
            parameter name empty     | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"","type":"string"}]}]} | at tools[0].parameters[0].name: must be a non-empty string
            duplicate parameter      | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string"},{"name":"p","type":"string"}]}]} | at tools[0].parameters[1].name: "p" is defined twice
            required undescribed     | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","required":true}]}]} | at tools[0].parameters[0].description: is required for the required parameter "p"
            required not boolean     | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","required":"yes"}]}]} | at tools[0].parameters[0].required: must be true or false
            misspelt required        | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","requierd":true}]}]} | at tools[0].parameters[0].requierd: is not a known key
            enum empty               | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","enum":[]}]}]} | at tools[0].parameters[0].enum: must be a non-empty array of strings
            enum not strings         | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","enum":[1]}]}]} | at tools[0].parameters[0].enum: must hold only non-empty strings
            enum duplicate           | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","enum":["x","x"]}]}]} | at tools[0].parameters[0].enum: lists "x" twice
            unknown format           | {"tools":[{"name":"a","module":"m","description":"d","parameters":[{"name":"p","type":"string","format":"email"}]}]} | at tools[0].parameters[0].format: "email" is not a known format (known: date)
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
