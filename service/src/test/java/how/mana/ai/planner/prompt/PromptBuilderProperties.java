package how.mana.ai.planner.prompt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.Agent;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.planner.TestMissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

    @Property(tries = 500)
    void anAgentsPersonaAndMemoryStayInsideTheirBlocks(@ForAll String persona, @ForAll String memory)
            throws Exception {
        Agent agent = TestMissions.agent("a", JSON.createObjectNode().put("systemPrompt", persona)
                .put("memory", memory).toString());
        ChatPrompt plain = builder.toolCalling(TestMissions.mission("{\"title\":\"t\"}"), List.of(), 5);

        ChatPrompt prompt = builder.forAgent(plain, Optional.of(agent));

        assertThat(prompt.user()).isEqualTo(plain.user());
        assertThat(prompt.system()).startsWith(plain.system());
        // What follows the fixed system message, after the end of its last line.
        List<String> added = prompt.system().substring(plain.system().length()).lines().skip(1).toList();
        List<String> expected = new ArrayList<>();
        agent.persona().ifPresent(p -> expected.addAll(List.of("", "<agent_persona>", p, "</agent_persona>")));
        agent.memory().ifPresent(m -> expected.addAll(List.of("", "<agent_memory>", m, "</agent_memory>")));
        assertThat(added).hasSameSizeAs(expected);
        for (int i = 0; i < added.size(); i++) {
            String line = added.get(i);
            if (expected.get(i).startsWith("<") || expected.get(i).isEmpty()) {
                assertThat(line).isEqualTo(expected.get(i));
            } else {
                assertThat(line).doesNotContain("<", ">");
                assertThat(JSON.readTree(line).textValue()).as("the text round-trips").isEqualTo(expected.get(i));
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
