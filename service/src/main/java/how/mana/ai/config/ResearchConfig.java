package how.mana.ai.config;

import java.net.URI;
import java.time.Duration;

/**
 * Research before planning (SPEC-LATEST §19, §20): the news-research API asked for shallow research, the research
 * service that runs deep-research jobs, and whether deep research is on. The key sent to the research service is
 * {@code MANA_SERVICE_KEY} ({@link HttpConfig}).
 *
 * @param newsApiUrl  {@code MANA_API_URL}: the news-research API's base URL
 * @param researchUrl {@code MANA_RESEARCH_URL}: the research service's base URL
 * @param deepEnabled {@code MANA_AI_DEEP_RESEARCH_ENABLED}: only the exact string {@code true} enables, as upstream;
 *                    {@code false} or unset is off, and anything else ({@code TRUE}, {@code 1}, a typo) stops start-up
 *                    rather than quietly leaving a costly feature off or on
 * @param deepMaxWait {@code MANA_AI_DEEP_RESEARCH_MAX_WAIT_MS}: how long a mission waits for its job before it is
 *                    given up and the mission planned with shallow research, so a job the research service lost
 *                    cannot hold a mission back for ever
 */
public record ResearchConfig(URI newsApiUrl, URI researchUrl, boolean deepEnabled, Duration deepMaxWait) {

    static ResearchConfig from(EnvReader r) {
        return new ResearchConfig(
                r.httpUrl("MANA_API_URL", "http://localhost:3060"),
                r.httpUrl("MANA_RESEARCH_URL", "http://localhost:3068"),
                deepEnabled(r),
                r.millis("MANA_AI_DEEP_RESEARCH_MAX_WAIT_MS", 3_600_000, 60_000, 604_800_000));
    }

    private static boolean deepEnabled(EnvReader r) {
        String name = "MANA_AI_DEEP_RESEARCH_ENABLED";
        return r.raw(name).map(v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(name + " must be exactly true or false, got " + EnvReader.quote(v));
        }).orElse(false);
    }
}
