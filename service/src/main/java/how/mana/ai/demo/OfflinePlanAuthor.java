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
 * Writes the offline planner's answer for one mission: a deterministic plan for the shipped tool catalog, made
 * only from the mission's own text, in the fenced {@code json} shape a model is asked for. It is a stand-in, not a
 * model: a next-step task from the objective, a progress task per goal input, a task per note input that quotes it
 * (only a note the mission's grant let the service decrypt is in the prompt at all), and a calendar event when the
 * mission talks about appointments or training, placed on a day the user's feedback does not rule out. Pure.
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

    /** The answer text: one fenced {@code json} block holding {@code {summary, steps}}. */
    String answer(PromptedMission mission, LocalDate today) {
        ArrayNode steps = JSON.createArrayNode();
        steps.add(nextStepTask(mission, today));
        mission.inputs().stream().filter(in -> "goals".equals(in.path("module").asText()))
                .map(goal -> progressTask(goal, today)).forEach(steps::add);
        mission.inputs().stream().filter(in -> "notes".equals(in.path("module").asText()))
                .map(note -> noteTask(note, today)).forEach(steps::add);
        eventWord(mission.wholeText()).ifPresent(word -> steps.add(event(mission, word, today)));
        ObjectNode plan = JSON.createObjectNode();
        plan.put("summary", "Offline-Planer (Platzhalter für ein echtes Sprachmodell): " + steps.size()
                + (steps.size() == 1 ? " Vorschlag" : " Vorschläge") + " für „" + excerpt(mission.title(), TITLE_CHARS)
                + "“.");
        plan.set("steps", steps);
        return "```json\n" + pretty(plan) + "\n```";
    }

    private static ObjectNode nextStepTask(PromptedMission mission, LocalDate today) {
        String aim = mission.objective().isBlank() ? mission.title() : mission.objective();
        String title = "Nächster Schritt: " + excerpt(firstSentence(aim), TITLE_CHARS);
        ObjectNode params = JSON.createObjectNode()
                .put("title", title)
                .put("dueDate", today.plusDays(1).toString())
                .put("priority", URGENT.matcher(mission.wholeText()).find() ? "high" : "medium")
                .put("description", excerpt(aim, 200));
        return step("create_task", "Aufgabe für morgen anlegen", params,
                "Ziel der Mission: „" + excerpt(aim, QUOTE_CHARS) + "“ – ein konkreter Schritt bis morgen hält"
                        + " sie in Bewegung.");
    }

    private static ObjectNode progressTask(JsonNode goal, LocalDate today) {
        String title = goal.path("title").asText("");
        String progress = goal.path("details").path(0).asText("");
        ObjectNode params = JSON.createObjectNode()
                .put("title", "Fortschritt prüfen: " + excerpt(title, TITLE_CHARS))
                .put("dueDate", today.plusDays(7).toString())
                .put("priority", "low");
        return step("create_task", "Wochenrückblick zum Ziel", params,
                "Das verknüpfte Ziel „" + excerpt(title, QUOTE_CHARS) + "“ steht bei " + progress
                        + ": einmal pro Woche den Stand prüfen und den Plan daran ausrichten.");
    }

    private static ObjectNode noteTask(JsonNode note, LocalDate today) {
        String title = note.path("title").asText("");
        String content = note.path("details").path(0).asText("");
        ObjectNode params = JSON.createObjectNode()
                .put("title", "Notiz durchgehen: " + excerpt(title, TITLE_CHARS))
                .put("dueDate", today.plusDays(2).toString())
                .put("priority", "medium");
        return step("create_task", "Notiz einbeziehen", params,
                "Die Notiz „" + excerpt(title, QUOTE_CHARS) + "“ hält fest: „" + excerpt(content, QUOTE_CHARS)
                        + "“ – daraus den nächsten Schritt machen.");
    }

    private static ObjectNode event(PromptedMission mission, EventWord word, LocalDate today) {
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
        ObjectNode params = JSON.createObjectNode()
                .put("title", word.eventName() + ": " + excerpt(mission.title(), TITLE_CHARS))
                .put("startIso", start.toOffsetDateTime().toString())
                .put("endIso", start.plusHours(1).toOffsetDateTime().toString());
        return step("create_event", "Termin am " + when + " um 18:00", params,
                "Die Mission spricht von „" + wordContaining(mission.wholeText(), word.stem())
                        + "“: ein fester Termin im Kalender macht es verbindlich." + feedbackNote);
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

    private static ObjectNode step(String tool, String summary, ObjectNode params, String rationale) {
        ObjectNode step = JSON.createObjectNode().put("toolName", tool).put("summary", summary);
        step.set("params", params);
        return step.put("rationale", rationale);
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
