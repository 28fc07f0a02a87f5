package how.mana.ai.planner.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SPEC §14.3: a catalog entry as an OpenAI function spec, nothing redundant, the same bytes every time. */
class FunctionSpecsTest {

    @Test
    void anEntryBecomesAFunctionWithTypedPropertiesItsEnumAndItsRequiredNames() {
        ToolCatalog catalog = ToolCatalog.parse("t", """
                [{"name":"create_task","module":"todo","description":"Aufgabe anlegen","parameters":[
                  {"name":"title","type":"string","required":true,"description":"Titel"},
                  {"name":"priority","type":"string","enum":["low","high"]},
                  {"name":"lines","type":"array"}]},
                 {"name":"stop_timer","module":"times","description":"Zeiterfassung beenden"}]""");

        assertThat(FunctionSpecs.of(catalog).toString()).isEqualTo("[{\"type\":\"function\",\"function\":{"
                + "\"name\":\"create_task\",\"description\":\"Aufgabe anlegen\",\"parameters\":{\"type\":\"object\","
                + "\"properties\":{\"title\":{\"type\":\"string\",\"description\":\"Titel\"},"
                + "\"priority\":{\"type\":\"string\",\"enum\":[\"low\",\"high\"]},\"lines\":{\"type\":\"array\"}},"
                + "\"required\":[\"title\"]}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"stop_timer\",\"description\":\"Zeiterfassung beenden\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{},\"required\":[]}}}]");
    }

    @Test
    void theCurrentCatalogGivesSixtyTwoFunctionsTheSameEveryTime() {
        ToolCatalog current = ToolCatalog.builtIn(BuiltInCatalog.CURRENT);

        assertThat(FunctionSpecs.of(current)).hasSize(62).isEqualTo(FunctionSpecs.of(current));
        assertThat(FunctionSpecs.of(current).toString())
                .isEqualTo(FunctionSpecs.of(ToolCatalog.builtIn(BuiltInCatalog.CURRENT)).toString());
    }
}
