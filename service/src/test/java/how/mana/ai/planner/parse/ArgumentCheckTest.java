package how.mana.ai.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.planner.tools.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The check both planners apply to a call's arguments: each type, right and wrong, required, enum, format. */
class ArgumentCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ToolDefinition TOOL = ToolCatalog.parse("test", """
            [{"name":"every_type","module":"m","description":"d","parameters":[
              {"name":"text","type":"string","required":true,"description":"d"},
              {"name":"amount","type":"number","description":"d"},
              {"name":"count","type":"integer"},
              {"name":"flag","type":"boolean"},
              {"name":"lines","type":"array"},
              {"name":"patch","type":"object"},
              {"name":"level","type":"string","enum":["low","high"]},
              {"name":"day","type":"string","format":"date"}]}]""").find("every_type").orElseThrow();

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = ';', quoteCharacter = '\'', textBlock = """
            amount ; 12            ;
            amount ; -0.5          ;
            amount ; 1e3           ;
            amount ; '"12"'        ; string, not a number
            amount ; true          ; boolean, not a number
            count  ; 3             ;
            count  ; 3.0           ;
            count  ; 3.5           ; number, not an integer
            count  ; '"3"'         ; string, not an integer
            flag   ; false         ;
            flag   ; '"false"'     ; string, not a boolean
            flag   ; 0             ; number, not a boolean
            lines  ; '[{"a":1}]'   ;
            lines  ; '{"a":1}'     ; object, not an array
            lines  ; '"a,b"'       ; string, not an array
            patch  ; '{}'          ;
            patch  ; '[]'          ; array, not an object
            text   ; '"hi"'        ;
            text   ; 7             ; number, not a string
            text   ; '["hi"]'      ; array, not a string
            text   ; '"  "'        ; required parameter is empty
            level  ; '"high"'      ;
            level  ; '"HIGH"'      ; "HIGH" is not one of low|high
            day    ; '"2026-04-30"' ;
            day    ; '"2026-02-30"' ; "2026-02-30" is not a date (YYYY-MM-DD)
            day    ; '"30.04.2026"' ; "30.04.2026" is not a date (YYYY-MM-DD)
            """)
    void eachValueIsCheckedByItsDeclaredType(String parameter, String json, String problem) throws Exception {
        ObjectNode arguments = JSON.createObjectNode().put("text", "x");
        arguments.set(parameter, JSON.readTree(json));

        ArgumentCheck.Verdict verdict = ArgumentCheck.check(TOOL, arguments);

        if (problem == null) {
            assertThat(verdict).isInstanceOf(ArgumentCheck.Valid.class);
        } else {
            assertThat(verdict).isEqualTo(new ArgumentCheck.Invalid(
                    java.util.List.of(new ArgumentCheck.Problem(parameter, problem))));
        }
    }

    @Test
    void aMissingOrNullRequiredParameterIsNamedAndEveryProblemIsReportedInDeclarationOrder() throws Exception {
        ArgumentCheck.Verdict verdict = ArgumentCheck.check(TOOL,
                (ObjectNode) JSON.readTree("{\"text\":null,\"flag\":\"yes\",\"amount\":\"x\"}"));

        assertThat(verdict).isInstanceOf(ArgumentCheck.Invalid.class);
        assertThat(((ArgumentCheck.Invalid) verdict).reason()).isEqualTo(
                "text: required parameter missing; amount: string, not a number; flag: string, not a boolean");
    }

    @Test
    void nullOptionalValuesAreDroppedAndUndeclaredParametersKept() throws Exception {
        ObjectNode arguments = (ObjectNode) JSON.readTree("{\"text\":\"x\",\"amount\":null,\"extra\":[1]}");

        ArgumentCheck.Verdict verdict = ArgumentCheck.check(TOOL, arguments);

        assertThat(verdict).isEqualTo(new ArgumentCheck.Valid((ObjectNode) JSON.readTree(
                "{\"text\":\"x\",\"extra\":[1]}")));
        assertThat(arguments.has("amount")).as("the caller's arguments are left as they were").isTrue();
    }

    @Test
    void longValuesAreQuotedShortly() {
        ObjectNode arguments = JSON.createObjectNode().put("text", "x").put("level", "y".repeat(500));

        assertThat(((ArgumentCheck.Invalid) ArgumentCheck.check(TOOL, arguments)).reason())
                .isEqualTo("level: \"" + "y".repeat(40) + "…\" is not one of low|high");
    }
}
