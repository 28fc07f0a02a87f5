package how.mana.ai.research;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.resolve.ResolvedInput;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shallow research (SPEC-LATEST §19.1): discover the feeds for the query, then search them, against the
 * news-research API ({@code MANA_API_URL}), without auth headers. No feeds or no articles is an answer, not a
 * failure: nothing is injected.
 */
final class NewsResearch {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DISCOVER = "/api/v1/news-research/discover";
    static final String SEARCH = "/api/v1/news-research/search";

    private final ResearchHttp http;
    private final ResearchSettings settings;

    NewsResearch(ResearchHttp http, ResearchSettings settings) {
        this.http = http;
        this.settings = settings;
    }

    /** The articles for {@code query} as an input, or empty when the API found none. */
    Optional<ResolvedInput> research(String query) throws CallFailed {
        ObjectNode discover = JSON.createObjectNode().put("query", query).put("language", "de").put("limit", 5);
        JsonNode found = http.post(CallFailed.Call.DISCOVER, uri(DISCOVER), Map.of(), discover,
                settings.discoverTimeout());
        List<String> feeds = new ArrayList<>();
        for (JsonNode feed : array(found, "feeds", CallFailed.Call.DISCOVER)) {
            text(feed, "url").ifPresent(feeds::add);
        }
        if (feeds.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode search = JSON.createObjectNode();
        feeds.forEach(search.putArray("feeds")::add);
        search.put("query", query).put("limit", 8);
        JsonNode result = http.post(CallFailed.Call.SEARCH, uri(SEARCH), Map.of(), search, settings.searchTimeout());
        List<ResearchInputs.Article> articles = new ArrayList<>();
        for (JsonNode article : array(result, "articles", CallFailed.Call.SEARCH)) {
            text(article, "url").ifPresent(url -> articles.add(new ResearchInputs.Article(url,
                    text(article, "title").orElse(url), text(article, "excerpt"), text(article, "publishedAt"))));
        }
        return articles.isEmpty() ? Optional.empty()
                : Optional.of(ResearchInputs.articles(query, feeds.size(), articles));
    }

    private URI uri(String path) {
        return URI.create(settings.newsApiUrl() + path);
    }

    /** The answer's array {@code field}; an answer without one is malformed. */
    static JsonNode array(JsonNode answer, String field, CallFailed.Call call) throws CallFailed {
        JsonNode array = answer.get(field);
        if (array == null || !array.isArray()) {
            throw CallFailed.malformed(call, "no " + field + " array");
        }
        return array;
    }

    /** A non-blank string field of an entry; anything else counts as absent. */
    static Optional<String> text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value != null && value.isTextual() && !value.textValue().isBlank()
                ? Optional.of(value.textValue().strip()) : Optional.empty();
    }
}
