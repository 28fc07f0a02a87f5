package how.mana.ai.planner.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.Ciphertext;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class PromptBuilderProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PromptBuilder builder = new PromptBuilder(PromptLocale.EN, PromptBuilderTest.TODAY, java.time.ZoneOffset.UTC);
    private final List<String> benign = PromptBuilderTest.textEverywhere(builder, "plain").lines().toList();

    @Property(tries = 500)
    void missionTextNeverChangesThePromptStructure(@ForAll String text) throws Exception {
        Assume.that(!Ciphertext.contains(text)); // ciphertext is withheld, tested apart
        List<String> lines = PromptBuilderTest.textEverywhere(builder, text).lines().toList();

        assertThat(String.join("\n", lines)).doesNotContain("```");
        assertThat(lines).hasSameSizeAs(benign);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String fixed = benign.get(i);
            if (fixed.contains("\"plain\"")) {
                boolean field = !fixed.startsWith("- ");
                String prefix = fixed.substring(0, fixed.indexOf(field ? '"' : '{'));
                assertThat(line).startsWith(prefix);
                String rest = line.substring(prefix.length());
                if (field && text.isBlank()) {
                    assertThat(rest).isEqualTo("none");
                } else {
                    assertThat(textLeaves(JSON.readTree(rest))).as("the value round-trips").contains(text);
                }
            } else {
                assertThat(line).isEqualTo(fixed);
            }
        }
    }

    private static List<String> textLeaves(JsonNode node) {
        List<String> leaves = new ArrayList<>();
        if (node.isTextual()) {
            leaves.add(node.textValue());
        }
        node.forEach(child -> leaves.addAll(textLeaves(child)));
        return leaves;
    }
}
