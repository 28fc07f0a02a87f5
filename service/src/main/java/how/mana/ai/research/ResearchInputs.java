package how.mana.ai.research;

import how.mana.ai.resolve.ResolvedInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The input research adds to a mission's prompt (SPEC-LATEST §19): id {@code __web-research__}, module
 * {@code news-research}, table {@code web}, and Markdown content whose lines are the input's detail lines. Every
 * value is capped, so whatever a research service answers, the prompt stays bounded. Pure.
 */
public final class ResearchInputs {
    public static final String ID = "__web-research__";
    public static final String MODULE = "news-research";
    public static final String TABLE = "web";
    static final int TITLE_QUERY_CHARS = 60;
    static final int MAX_ARTICLES = 8;
    static final int MAX_CITATIONS = 20;
    static final int MAX_ANSWER_CHARS = 12_000;
    private static final int MAX_LINE_CHARS = 500;
    private static final String ONLY_LISTED_URLS =
            "Nutze ausschließlich die oben gelisteten URLs als Quellen; erfinde keine weiteren.";

    private ResearchInputs() {
    }

    /** One article of the news-research search. */
    record Article(String url, String title, Optional<String> excerpt, Optional<String> publishedAt) {
    }

    /** One source of a deep-research answer. */
    record Citation(String url, String title, Optional<String> snippet) {
    }

    /** The shallow research's input: the articles found in {@code feeds} feeds for {@code query}. */
    static ResolvedInput articles(String query, int feeds, List<Article> articles) {
        List<Article> shown = articles.subList(0, Math.min(articles.size(), MAX_ARTICLES));
        List<String> lines = new ArrayList<>();
        lines.add("# Web-Recherche zu \"" + capped(query) + "\"");
        lines.add(feeds + (feeds == 1 ? " Feed" : " Feeds") + " durchsucht, " + shown.size() + " Artikel gefunden.");
        for (Article article : shown) {
            lines.add("## " + capped(article.title()));
            article.excerpt().ifPresent(excerpt -> lines.add("> " + capped(excerpt)));
            lines.add("URL: " + capped(article.url()));
            article.publishedAt().ifPresent(date -> lines.add("Datum: " + capped(date)));
        }
        lines.add("---");
        lines.add(ONLY_LISTED_URLS);
        return new ResolvedInput(MODULE, TABLE, ID, "Web-Research: \"" + titled(query) + "\"", lines);
    }

    /** The deep research's input: its answer and sources. */
    static ResolvedInput answer(String objective, String answer, List<Citation> citations) {
        List<String> lines = new ArrayList<>();
        lines.add("# Deep Research zu \"" + capped(objective) + "\"");
        String trimmed = answer.strip();
        String text = trimmed.length() <= MAX_ANSWER_CHARS ? trimmed : trimmed.substring(0, MAX_ANSWER_CHARS) + "…";
        text.lines().filter(line -> !line.isBlank()).forEach(lines::add);
        if (!citations.isEmpty()) {
            lines.add("## Quellen");
            citations.stream().limit(MAX_CITATIONS).forEach(c -> lines.add("- [" + capped(c.title()) + "]("
                    + capped(c.url()) + ")" + c.snippet().map(s -> " — " + capped(s)).orElse("")));
        }
        lines.add("---");
        lines.add(ONLY_LISTED_URLS);
        return new ResolvedInput(MODULE, TABLE, ID, "Deep Research: \"" + titled(objective) + "\"", lines);
    }

    /** The first 60 characters, as the input's title quotes the query. */
    private static String titled(String text) {
        String flat = oneLine(text);
        return flat.length() <= TITLE_QUERY_CHARS ? flat : flat.substring(0, TITLE_QUERY_CHARS);
    }

    private static String capped(String text) {
        String flat = oneLine(text);
        return flat.length() <= MAX_LINE_CHARS ? flat : flat.substring(0, MAX_LINE_CHARS) + "…";
    }

    /** A service's value on one line, so it cannot start a heading or rule of its own. */
    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
