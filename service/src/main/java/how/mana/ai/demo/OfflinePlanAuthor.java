package how.mana.ai.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Makes the offline planner's plan for one mission, deterministic and only from the mission's own text and the tools
 * the request offers: a next-step task from the objective, a progress task per goal input, and a calendar event when
 * the mission talks about appointments or training, placed on a day the user's feedback does not rule out. It is a
 * stand-in, not a model; a note input that the mission's grant let the service decrypt (only such a note is in the
 * prompt at all) gets a task quoting it, and the first article that research put into the prompt a task to read
 * it, citing its URL. The v0.3 protocol gets the plan as one fenced {@code json} block ({@link #answer}); the
 * tool-calling protocol gets it call by call ({@link OfflineToolCalling}). Pure.
 */
final class OfflinePlanAuthor {
    /** The zone the proposed events are placed in: the product's users are German. */
    static final ZoneId EVENT_ZONE = ZoneId.of("Europe/Berlin");
    static final LocalTime EVENT_START = LocalTime.of(18, 0);
    private static final int TITLE_CHARS = 60;
    private static final int QUOTE_CHARS = 90;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Word stems that make a mission ask for a calendar slot, with the event's name; the first match wins. */
    private static final List<EventWord> EVENT_WORDS = List.of(
            new EventWord("lauf", "Lauftraining"), new EventWord("läuf", "Lauftraining"),
            new EventWord("training", "Training"), new EventWord("trainier", "Training"),
            new EventWord("kurs", "Kurs"), new EventWord("tandem", "Tandem-Treffen"),
            new EventWord("treffen", "Treffen"), new EventWord("termin", "Termin"), new EventWord("tour", "Tour"));
    private static final Pattern URGENT = Pattern.compile("dringend|frist|deadline|abgeben|bis ende",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern NEGATION = Pattern.compile("\\b(nie|nicht|kein|keine|keinen)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Map<String, Set<DayOfWeek>> DAY_WORDS = Map.of(
            "montag", EnumSet.of(DayOfWeek.MONDAY), "dienstag", EnumSet.of(DayOfWeek.TUESDAY),
            "mittwoch", EnumSet.of(DayOfWeek.WEDNESDAY), "donnerstag", EnumSet.of(DayOfWeek.THURSDAY),
            "freitag", EnumSet.of(DayOfWeek.FRIDAY), "samstag", EnumSet.of(DayOfWeek.SATURDAY),
            "sonntag", EnumSet.of(DayOfWeek.SUNDAY),
            "wochenende", EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
    private static final DateTimeFormatter GERMAN_DAY =
            DateTimeFormatter.ofPattern("EEEE, d. MMMM", Locale.GERMAN);

    /**
     * One proposed call.
     *
     * @param slip a required parameter a first attempt leaves out, as models do now and then: the tool-calling
     *             protocol sends the call without it first, and complete once the service has said what is missing
     */
    record Proposal(String tool, String summary, ObjectNode params, String rationale, Optional<String> slip) {
    }

    /** The proposals for {@code mission}, for the tools {@code offered}. */
    List<Proposal> plan(PromptedMission mission, LocalDate today, OfferedTools offered) {
        List<Proposal> proposals = new ArrayList<>();
        if (offered.tool("create_task").isPresent()) {
            proposals.add(nextStepTask(mission, today));
            mission.inputs().stream().filter(in -> "goals".equals(in.path("module").asText()))
                    .map(goal -> progressTask(goal, today)).forEach(proposals::add);
            mission.inputs().stream().filter(in -> "notes".equals(in.path("module").asText()))
                    .map(note -> noteTask(note, today)).forEach(proposals::add);
            mission.researchSources().stream().findFirst()
                    .map(article -> readingTask(article, mission.researchSources().size(), today))
                    .ifPresent(proposals::add);
        }
        offered.tool("create_event").ifPresent(tool -> eventWord(mission.wholeText())
                .ifPresent(word -> proposals.add(event(mission, word, today, tool))));
        return proposals;
    }

    /** The plan's summary, saying what it is and how many proposals it holds. */
    static String summary(PromptedMission mission, int proposals) {
        return "Offline-Planer (Platzhalter für ein echtes Sprachmodell): " + proposals
                + (proposals == 1 ? " Vorschlag" : " Vorschläge") + " für „" + excerpt(mission.title(), TITLE_CHARS)
                + "“.";
    }

    /** The v0.3 answer text: one fenced {@code json} block holding {@code {summary, steps}}. */
    String answer(PromptedMission mission, LocalDate today, OfferedTools offered) {
        ArrayNode steps = JSON.createArrayNode();
        for (Proposal p : plan(mission, today, offered)) {
            ObjectNode step = steps.addObject().put("toolName", p.tool()).put("summary", p.summary());
            step.set("params", p.params());
            step.put("rationale", p.rationale());
        }
        ObjectNode plan = JSON.createObjectNode().put("summary", summary(mission, steps.size()));
        plan.set("steps", steps);
        return "```json\n" + pretty(plan) + "\n```";
    }

    private static Proposal nextStepTask(PromptedMission mission, LocalDate today) {
        String aim = mission.objective().isBlank() ? mission.title() : mission.objective();
        String title = "Nächster Schritt: " + excerpt(firstSentence(aim), TITLE_CHARS);
        ObjectNode params = JSON.createObjectNode()
                .put("title", title)
                .put("dueDate", today.plusDays(1).toString())
                .put("priority", URGENT.matcher(mission.wholeText()).find() ? "high" : "medium")
                .put("description", excerpt(aim, 200));
        return task("Aufgabe für morgen anlegen", params,
                "Ziel der Mission: „" + excerpt(aim, QUOTE_CHARS) + "“ – ein konkreter Schritt bis morgen hält"
                        + " sie in Bewegung.");
    }

    private static Proposal progressTask(JsonNode goal, LocalDate today) {
        String title = goal.path("title").asText("");
        String progress = goal.path("details").path(0).asText("");
        ObjectNode params = JSON.createObjectNode()
                .put("title", "Fortschritt prüfen: " + excerpt(title, TITLE_CHARS))
                .put("dueDate", today.plusDays(7).toString())
                .put("priority", "low");
        return task("Wochenrückblick zum Ziel", params,
                "Das verknüpfte Ziel „" + excerpt(title, QUOTE_CHARS) + "“ steht bei " + progress
                        + ": einmal pro Woche den Stand prüfen und den Plan daran ausrichten.");
    }

    private static Proposal noteTask(JsonNode note, LocalDate today) {
        String title = note.path("title").asText("");
        String content = note.path("details").path(0).asText("");
        ObjectNode params = JSON.createObjectNode()
                .put("title", "Notiz durchgehen: " + excerpt(title, TITLE_CHARS))
                .put("dueDate", today.plusDays(2).toString())
                .put("priority", "medium");
        return task("Notiz einbeziehen", params,
                "Die Notiz „" + excerpt(title, QUOTE_CHARS) + "“ hält fest: „" + excerpt(content, QUOTE_CHARS)
                        + "“ – daraus den nächsten Schritt machen.");
    }

    /** A task to read the first article research found, citing its URL: the plan works with current sources. */
    private static Proposal readingTask(PromptedMission.ResearchSource article, int found, LocalDate today) {
        ObjectNode params = JSON.createObjectNode()
                .put("title", "Lesen: " + excerpt(article.title(), TITLE_CHARS))
                .put("dueDate", today.plusDays(1).toString())
                .put("priority", "medium")
                .put("description", "Quelle: " + article.url());
        return task("Aktuellen Artikel lesen", params, "Die Web-Recherche fand " + found + " Artikel; der erste, „"
                + excerpt(article.title(), QUOTE_CHARS) + "“ (" + article.url()
                + "), bringt den Plan auf den aktuellen Stand.");
    }

    /**
     * The event, timed with the parameters the offered tool names: {@code startTime}/{@code endTime} today,
     * {@code startIso}/{@code endIso} in the v0.3 catalog. A required end is the parameter a first attempt leaves out.
     */
    private static Proposal event(PromptedMission mission, EventWord word, LocalDate today, OfferedTools.Tool tool) {
        Set<DayOfWeek> avoided = EnumSet.noneOf(DayOfWeek.class);
        List<String> heeded = new ArrayList<>();
        for (String feedback : mission.feedback()) {
            Set<DayOfWeek> ruledOut = ruledOutDays(feedback);
            if (!ruledOut.isEmpty()) {
                avoided.addAll(ruledOut);
                heeded.add("„" + excerpt(feedback, QUOTE_CHARS) + "“");
            }
        }
        LocalDate day = today.plusDays(1);
        while (avoided.contains(day.getDayOfWeek())) {
            day = day.plusDays(1);
        }
        String when = day.format(GERMAN_DAY);
        String feedbackNote = heeded.isEmpty() ? "" : " Feedback " + String.join(", ", heeded) + " → nicht "
                + avoided.stream().map(d -> d.getDisplayName(TextStyle.FULL, Locale.GERMAN))
                .collect(Collectors.joining("/")) + ", also " + when + ".";
        var start = day.atTime(EVENT_START).atZone(EVENT_ZONE);
        boolean current = tool.parameters().contains("startTime");
        String end = current ? "endTime" : "endIso";
        ObjectNode params = JSON.createObjectNode()
                .put("title", word.eventName() + ": " + excerpt(mission.title(), TITLE_CHARS))
                .put(current ? "startTime" : "startIso", start.toOffsetDateTime().toString())
                .put(end, start.plusHours(1).toOffsetDateTime().toString());
        return new Proposal("create_event", "Termin am " + when + " um 18:00", params,
                "Die Mission spricht von „" + wordContaining(mission.wholeText(), word.stem())
                        + "“: ein fester Termin im Kalender macht es verbindlich." + feedbackNote,
                tool.required().contains(end) ? Optional.of(end) : Optional.empty());
    }

    /** Days a feedback text rules out: it names a day and says no to it ("Montags nie", "nicht am Wochenende"). */
    static Set<DayOfWeek> ruledOutDays(String feedback) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (!NEGATION.matcher(feedback).find()) {
            return days;
        }
        String lower = feedback.toLowerCase(Locale.GERMAN);
        DAY_WORDS.forEach((word, named) -> {
            if (lower.contains(word)) {
                days.addAll(named);
            }
        });
        return days;
    }

    private static Optional<EventWord> eventWord(String text) {
        String lower = text.toLowerCase(Locale.GERMAN);
        return EVENT_WORDS.stream().filter(w -> lower.contains(w.stem())).findFirst();
    }

    /** The whole word of {@code text} in which {@code stem} occurs, as the mission wrote it. */
    private static String wordContaining(String text, String stem) {
        Matcher m = Pattern.compile("[\\p{L}-]*" + Pattern.quote(stem) + "[\\p{L}-]*",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text);
        return m.find() ? m.group() : stem;
    }

    private static Proposal task(String summary, ObjectNode params, String rationale) {
        return new Proposal("create_task", summary, params, rationale, Optional.empty());
    }

    private static String firstSentence(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        int end = line.indexOf(". ");
        return end > 0 ? line.substring(0, end) : line.replaceAll("\\.$", "");
    }

    private static String excerpt(String text, int max) {
        String flat = text.strip().replaceAll("\\s+", " ");
        if (flat.length() <= max) {
            return flat;
        }
        // Never cut between the two halves of a surrogate pair (emoji).
        int cut = Character.isHighSurrogate(flat.charAt(max - 2)) ? max - 2 : max - 1;
        return flat.substring(0, cut).strip() + "…";
    }

    private static String pretty(ObjectNode plan) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    private record EventWord(String stem, String eventName) {
    }
}
