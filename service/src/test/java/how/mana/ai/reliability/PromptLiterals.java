package how.mana.ai.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The user text a prompt carries: the prompt writes each piece of mission data as a one-line JSON literal after a
 * label ({@code Titel: "…"}, iterations as objects); this decodes them back, so a test can check that what reached
 * the LLM is exactly what the user wrote.
 */
final class PromptLiterals {
    private PromptLiterals() {
    }

    /** Every string value inside the JSON literals of the prompt's lines (one literal per line, at its end). */
    static List<String> decodedTexts(String prompt) {
        List<String> texts = new ArrayList<>();
        for (String line : prompt.split("\n")) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if ((c == '"' || c == '{') && collectLiteral(line.substring(i), texts)) {
                    break;
                }
            }
        }
        return texts;
    }

    private static boolean collectLiteral(String text, List<String> texts) {
        try {
            collect(MissionSeed.JSON.readTree(text), texts);
            return true;
        } catch (com.fasterxml.jackson.core.JsonProcessingException notALiteral) {
            return false;
        }
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }
}
