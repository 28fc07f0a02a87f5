package how.mana.ai.planner.llm;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.config.Config;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LlmSettingsTest {

    @Test
    void takesTheLlmVariablesFromConfig() {
        LlmSettings s = LlmSettings.from(Config.from(Map.of("MANA_LLM_URL", "http://llm.internal:3020/",
                "MANA_SERVICE_KEY", "k-123", "MANA_LLM_MODEL", "gemma", "MANA_LLM_TEMPERATURE", "0.7",
                "MANA_LLM_TIMEOUT_MS", "1500", "MANA_LLM_DEADLINE_MS", "4000", "MANA_LLM_MAX_RESPONSE_BYTES", "2048")));

        assertThat(s.completionsUrl()).isEqualTo(URI.create("http://llm.internal:3020/v1/chat/completions"));
        assertThat(s.serviceKey()).isEqualTo("k-123");
        assertThat(s.model()).isEqualTo("gemma");
        assertThat(s.temperature()).isEqualTo(0.7);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(s.deadline()).isEqualTo(Duration.ofMillis(4000));
        assertThat(s.maxResponseBytes()).isEqualTo(2048);
        assertThat(s.toString()).doesNotContain("k-123");
    }

    @Test
    void aBaseUrlWithAPathIsJoinedCleanlyWithOrWithoutATrailingSlash() {
        for (String base : new String[] {"http://gateway.internal/llm/", "http://gateway.internal/llm"}) {
            LlmSettings s = LlmSettings.from(Config.from(Map.of("MANA_LLM_URL", base)));

            assertThat(s.completionsUrl()).isEqualTo(URI.create("http://gateway.internal/llm/v1/chat/completions"));
        }
    }

    @Test
    void defaultsFollowTheSpecification() {
        LlmSettings s = LlmSettings.from(Config.from(Map.of()));

        assertThat(s.completionsUrl()).isEqualTo(URI.create("http://localhost:3020/v1/chat/completions"));
        assertThat(s.temperature()).isEqualTo(0.3);
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.deadline()).isEqualTo(Duration.ofSeconds(180));
    }
}
