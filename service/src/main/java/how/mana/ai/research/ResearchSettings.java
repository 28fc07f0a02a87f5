package how.mana.ai.research;

import how.mana.ai.config.Config;
import java.net.URI;
import java.time.Duration;

/**
 * Where the research services are and how long each call may take (SPEC-LATEST §19): the timeouts and the answer
 * limit are fixed in production and shorter in tests.
 *
 * @param newsApiUrl     {@code MANA_API_URL}: shallow research
 * @param researchUrl    {@code MANA_RESEARCH_URL}: deep-research jobs
 * @param serviceKey     sent as {@code X-Service-Key} to the research service (never to the news API)
 * @param deepEnabled    whether deep research may submit jobs; pending jobs are polled regardless
 * @param maxAnswerBytes a larger answer is refused unread, whichever service sent it
 * @param deepMaxWait    a pending job older than this is given up
 */
public record ResearchSettings(URI newsApiUrl, URI researchUrl, String serviceKey, boolean deepEnabled,
                               Duration discoverTimeout, Duration searchTimeout, Duration submitTimeout,
                               Duration pollTimeout, int maxAnswerBytes, Duration deepMaxWait) {
    static final int MAX_ANSWER_BYTES = 1_048_576;

    public static ResearchSettings from(Config config) {
        var research = config.research();
        return new ResearchSettings(research.newsApiUrl(), research.researchUrl(),
                config.http().serviceKey().value(), research.deepEnabled(), Duration.ofSeconds(15),
                Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15), MAX_ANSWER_BYTES,
                research.deepMaxWait());
    }

    /** The same services with every timeout set to {@code timeout} and the answer limit to {@code maxBytes}. */
    public ResearchSettings withLimits(Duration timeout, int maxBytes) {
        return new ResearchSettings(newsApiUrl, researchUrl, serviceKey, deepEnabled, timeout, timeout, timeout,
                timeout, maxBytes, deepMaxWait);
    }

    /** The same with deep research switched on or off. */
    public ResearchSettings withDeep(boolean enabled) {
        return new ResearchSettings(newsApiUrl, researchUrl, serviceKey, enabled, discoverTimeout, searchTimeout,
                submitTimeout, pollTimeout, maxAnswerBytes, deepMaxWait);
    }

    /** The same with pending jobs given up after {@code maxWait}. */
    public ResearchSettings withDeepMaxWait(Duration maxWait) {
        return new ResearchSettings(newsApiUrl, researchUrl, serviceKey, deepEnabled, discoverTimeout, searchTimeout,
                submitTimeout, pollTimeout, maxAnswerBytes, maxWait);
    }

    /** Never the service key. */
    @Override
    public String toString() {
        return "ResearchSettings[newsApiUrl=" + newsApiUrl + ", researchUrl=" + researchUrl + ", deepEnabled="
                + deepEnabled + "]";
    }
}
