package how.mana.ai.research;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResearchTriggerTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "Recherchiere die neuesten News zu Solarstrom",
            "Newsletter-Ideen sammeln",
            "Finde drei Angebote für ein Lastenrad",
            "Suche eine Wohnung in Leipzig",
            "Aktuelle Lage am Wohnungsmarkt",
            "die NEUESTEN Trends",
            "What happened today?",
            "history of the bicycle",
            "Historische Bauwerke in Dresden",
            "Was geschah on this day",
            "research local clubs",
            "(news) zum Thema"})
    void germanAndEnglishWordsAtTheStartOfAWordTrigger(String objective) {
        assertThat(ResearchTrigger.shallow(objective, "")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "3x pro Woche laufen",
            "Oma besuchen",
            "Bettnews lesen",
            "Übersuche",
            "Steuererklärung abgeben",
            "prehistory",
            "on this  day",
            ""})
    void otherTextDoesNot(String objective) {
        assertThat(ResearchTrigger.shallow(objective, "")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Eine tiefe Recherche zu Wärmepumpen", "DEEP RESEARCH on heat pumps",
            "umfassende Recherche", "Hintergrundrecherche zur Wahl", "a deep dive into batteries"})
    void deepResearchNeedsOneOfTheWholePhrases(String objective) {
        assertThat(ResearchTrigger.deep(objective, "")).isTrue();
        assertThat(ResearchTrigger.deep("", objective)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"deep-dive", "tief recherchieren", "research deeply", "Tiefenrecherche"})
    void nearMissesAreNoDeepResearch(String objective) {
        assertThat(ResearchTrigger.deep(objective, "")).isFalse();
    }
}
