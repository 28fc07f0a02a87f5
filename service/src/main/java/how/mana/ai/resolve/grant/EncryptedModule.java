package how.mana.ai.resolve.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The modules whose records the web app encrypts, and what of a decrypted record enters the prompt (SPEC §16.6):
 * the app its rows are under, the title (a fixed one, else the record's {@code title}, else the label) and the
 * content, cut to a limit. Pure.
 */
enum EncryptedModule {
    NOTES("notes", "notes", "Notiz", null, 500, EncryptedModule::noteContent),
    TASKS("tasks", "todo", "Task", null, 500, EncryptedModule::taskContent),
    TODO("todo", "todo", "Task", null, 500, EncryptedModule::taskContent),
    CALENDAR("calendar", "calendar", "Termin", null, 500, EncryptedModule::eventContent),
    JOURNAL("journal", "journal", "Journal-Eintrag", null, 500, r -> text(r.get("content")).orElse("")),
    KONTEXT("kontext", "kontext", "Mana-Kontext", "Mana-Kontext", 1500, EncryptedModule::noteContent),
    PROFILE("profile", "profile", "Nutzerprofil", "Nutzerprofil", 2000, EncryptedModule::profileContent);

    static final String ELLIPSIS = "…";
    private static final String UNTITLED = "(ohne Titel)";
    private static final List<String> PROFILE_FIELDS =
            List.of("about", "interests", "routine", "nutrition", "goals", "social", "freeform");

    private final String module;
    private final String appId;
    private final String label;
    private final String fixedTitle;
    private final int limit;
    private final Function<ObjectNode, String> content;

    EncryptedModule(String module, String appId, String label, String fixedTitle, int limit,
                    Function<ObjectNode, String> content) {
        this.module = module;
        this.appId = appId;
        this.label = label;
        this.fixedTitle = fixedTitle;
        this.limit = limit;
        this.content = content;
    }

    /** The ref's {@code module} this resolves. */
    String module() {
        return module;
    }

    /** The {@code app_id} of its rows in {@code sync_changes}. */
    String appId() {
        return appId;
    }

    /** The title the prompt shows for a decrypted record. */
    String title(ObjectNode record) {
        return fixedTitle != null ? fixedTitle : text(record.get("title")).orElse(label);
    }

    /** The content the prompt shows for a decrypted record, cut to this module's limit. */
    String content(ObjectNode record) {
        return truncate(content.apply(record), limit);
    }

    static Optional<EncryptedModule> of(String module) {
        for (EncryptedModule m : values()) {
            if (m.module.equals(module)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /**
     * The first {@code limit} UTF-16 units and {@code …} when there are more. A cut that would split a surrogate pair
     * keeps one unit less, so the text stays valid Unicode.
     */
    static String truncate(String text, int limit) {
        if (text.length() <= limit) {
            return text;
        }
        int cut = Character.isHighSurrogate(text.charAt(limit - 1)) ? limit - 1 : limit;
        return text.substring(0, cut) + ELLIPSIS;
    }

    /** {@code content} when a string, else its JSON ({@code ""} when missing), as upstream. */
    private static String noteContent(ObjectNode record) {
        JsonNode content = record.get("content");
        return content != null && content.isTextual() ? content.textValue()
                : content == null ? "\"\"" : content.toString();
    }

    /** {@code [status] title — description (faellig: dueDate)}, empty parts left out. */
    private static String taskContent(ObjectNode record) {
        List<String> parts = new ArrayList<>();
        nonEmpty(record.get("status")).ifPresent(s -> parts.add("[" + s + "]"));
        parts.add(nonEmpty(record.get("title")).orElse(UNTITLED));
        nonEmpty(record.get("description")).ifPresent(d -> parts.add("— " + d));
        nonEmpty(record.get("dueDate")).ifPresent(d -> parts.add("(faellig: " + d + ")"));
        return String.join(" ", parts);
    }

    /** {@code title @ startDate in location}, empty parts left out. */
    private static String eventContent(ObjectNode record) {
        List<String> parts = new ArrayList<>();
        parts.add(nonEmpty(record.get("title")).orElse(UNTITLED));
        nonEmpty(record.get("startDate")).ifPresent(s -> parts.add("@ " + s));
        nonEmpty(record.get("location")).ifPresent(l -> parts.add("in " + l));
        return String.join(" ", parts);
    }

    /** The profile's fields in order, one a line: trimmed non-empty strings, objects and arrays as JSON. */
    private static String profileContent(ObjectNode record) {
        StringJoiner lines = new StringJoiner("\n");
        for (String field : PROFILE_FIELDS) {
            JsonNode v = record.get(field);
            if (v != null && v.isTextual() && !v.textValue().strip().isEmpty()) {
                lines.add(v.textValue().strip());
            } else if (v != null && v.isContainerNode()) {
                lines.add(v.toString());
            }
        }
        return lines.toString();
    }

    private static Optional<String> text(JsonNode v) {
        return v != null && v.isTextual() ? Optional.of(v.textValue()) : Optional.empty();
    }

    private static Optional<String> nonEmpty(JsonNode v) {
        return text(v).filter(s -> !s.isEmpty());
    }
}
