package how.mana.ai.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.List;
import javax.sql.DataSource;

/**
 * The demo's missions, written as devices write them through mana-sync: an {@code insert} row with the whole
 * record, then later {@code update} rows holding only the changed fields with a timestamp each. Two users; the
 * missions cover every cadence, a paused, a future, a manual and a deleted one, a goal input with its goal record,
 * earlier iterations with user feedback, and an input on an encrypted table that must never be resolved.
 * Every due mission has its {@code nextRunAt} before {@code now}.
 */
final class DemoData {
    static final String ANNA = "demo-anna";
    static final String BEN = "demo-ben";
    static final List<String> USERS = List.of(ANNA, BEN);
    static final String BERLIN = "Europe/Berlin";
    static final String COACH = "agent-sprach-coach";
    static final String FILING = "agent-ablage";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A device's change as a current mana-sync stores it (generation 2, §10.3): the user's actor and origin. */
    private static final String INSERT = """
            INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, field_meta,
                                      client_id, created_at, actor, origin)
            VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?,
                    jsonb_build_object('kind', 'user', 'principalId', ?::text, 'displayName', 'Du'), 'user')""";

    /** The note the tax mission's grant lists, and the one it does not. */
    static final String GRANTED_NOTE = "note-belege";
    static final String UNGRANTED_NOTE = "note-tagebuch";

    private final DataSource admin;
    private final Instant now;
    private final PublicKey serverKey;

    private DemoData(DataSource admin, Instant now, PublicKey serverKey) {
        this.admin = admin;
        this.now = now.truncatedTo(ChronoUnit.MINUTES);
        this.serverKey = serverKey;
    }

    /**
     * Writes the demo rows as the administrator; returns how many rows were written.
     *
     * @param serverKey the public half of the demo's grant key: the tax mission's grant is wrapped with it
     */
    static int seed(DataSource admin, Instant now, PublicKey serverKey) throws SQLException {
        return new DemoData(admin, now, serverKey).seedAll();
    }

    private int seedAll() throws SQLException {
        int rows = 0;
        // Anna, on her laptop.
        rows += goal();
        rows += mission(ANNA, "m-anna-halbmarathon", ago(days(20)), """
                {"title": "Halbmarathon im Oktober",
                 "conceptMarkdown": "## Plan\\nDreimal pro Woche laufen, langsam steigern. Der lange Lauf ist am Sonntag.",
                 "objective": "Bis Oktober 21 km am Stück laufen. Jede Woche drei Läufe fest im Kalender.",
                 "cadence": {"kind": "weekly", "dayOfWeek": 1, "atHour": 7}, "timezone": "Europe/Berlin",
                 "inputs": [{"module": "goals", "table": "goals", "id": "goal-laufkilometer"}]}""");
        rows += update(ANNA, "ai", "aiMissions", "m-anna-halbmarathon", ago(days(6)), fields()
                .<ObjectNode>set("iterations", JSON.createArrayNode().add(rejectedRunningIteration()))
                .put("nextRunAt", IsoTime.format(ago(Duration.ofHours(2)))));
        rows += taxMissionWithGrantedNote();
        rows += reschedule(ANNA, "m-anna-steuer", ago(days(1)), ago(Duration.ofMinutes(30)));
        rows += mission(ANNA, "m-anna-keller", ago(days(40)), """
                {"title": "Keller entrümpeln", "objective": "Jeden Tag eine Kiste durchsehen und aussortieren.",
                 "cadence": {"kind": "interval", "everyMinutes": 1440}}""");
        rows += update(ANNA, "ai", "aiMissions", "m-anna-keller", ago(days(3)), fields()
                .put("state", "paused").put("nextRunAt", IsoTime.format(ago(days(1)))));
        rows += mission(ANNA, "m-anna-geburtstag", ago(days(5)), """
                {"title": "Geburtstagsfeier für Mama",
                 "objective": "Im Juni eine Überraschungsfeier organisieren: Gäste, Ort, Torte.",
                 "cadence": {"kind": "manual"}}""");
        // Ben, on his phone: a language coach with a persona of its own (plaintext, so it reaches the prompt) that may
        // not touch his calendar, and a filing assistant paused for the holidays.
        rows += record(BEN, "ai", "agents", COACH, ago(days(21)), """
                {"name": "Sprach-Coach", "state": "active", "maxConcurrentMissions": 1, "maxTokensPerDay": 200000,
                 "systemPrompt": "Du bist Bens geduldiger Sprach-Coach: kleine tägliche Übungen, Vokabeln mit Beispielsatz.",
                 "policy": {"tools": {}, "defaultsByModule": {"calendar": "deny"}, "defaultForAi": "propose"}}""");
        rows += record(BEN, "ai", "agents", FILING, ago(days(30)), """
                {"name": "Ablage-Assistent", "state": "paused", "maxConcurrentMissions": 2}""");
        rows += mission(BEN, "m-ben-ablage", ago(days(9)), """
                {"title": "Papierkram ablegen", "objective": "Jeden Freitag die Post des Monats sortieren.",
                 "cadence": {"kind": "weekly", "dayOfWeek": 5, "atHour": 17}, "timezone": "Europe/Berlin",
                 "agentId": "agent-ablage"}""");
        rows += reschedule(BEN, "m-ben-ablage", ago(days(2)), ago(Duration.ofHours(3)));
        rows += mission(BEN, "m-ben-spanisch", ago(days(15)), """
                {"title": "Spanisch auf B1",
                 "objective": "Bis zur Reise nach Valencia im September Alltagsgespräche führen; zweimal pro Woche ein Tandem-Treffen.",
                 "cadence": {"kind": "interval", "everyMinutes": 4320}, "agentId": "agent-sprach-coach"}""");
        rows += update(BEN, "ai", "aiMissions", "m-ben-spanisch", ago(days(2)), fields()
                .<ObjectNode>set("iterations", JSON.createArrayNode().add(weekendIteration()))
                .put("nextRunAt", IsoTime.format(ago(Duration.ofHours(5)))));
        rows += mission(BEN, "m-ben-fahrrad", ago(days(8)), """
                {"title": "Rad für die Saison fit machen",
                 "objective": "Bremsen und Kette prüfen lassen, danach die erste Radtour an die Havel.",
                 "cadence": {"kind": "cron", "expression": "0 8 * * 1-5"}}""");
        rows += reschedule(BEN, "m-ben-fahrrad", ago(days(1)), ago(Duration.ofHours(1)));
        rows += mission(BEN, "m-ben-solar", ago(days(6)), """
                {"title": "Balkonkraftwerk",
                 "objective": "Recherchiere die neuesten News zu Solarstrom und entscheide, ob sich ein Balkonkraftwerk lohnt.",
                 "cadence": {"kind": "interval", "everyMinutes": 10080}}""");
        rows += reschedule(BEN, "m-ben-solar", ago(days(1)), ago(Duration.ofMinutes(20)));
        rows += mission(BEN, "m-ben-garten", ago(days(12)), """
                {"title": "Gemüsebeet anlegen", "objective": "Im Mai Tomaten, Zucchini und Kräuter pflanzen.",
                 "cadence": {"kind": "weekly", "dayOfWeek": 6, "atHour": 9}, "timezone": "Europe/Berlin"}""");
        rows += reschedule(BEN, "m-ben-garten", ago(days(4)), now.atZone(ZoneId.of(BERLIN))
                .plusDays(1).with(TemporalAdjusters.next(DayOfWeek.SATURDAY)).with(LocalTime.of(9, 0)).toInstant());
        rows += mission(BEN, "m-ben-umzug", ago(days(60)), """
                {"title": "Umzug nach Leipzig", "objective": "Kisten packen, Umzugswagen buchen, Adresse ändern.",
                 "cadence": {"kind": "interval", "everyMinutes": 1440}}""");
        rows += reschedule(BEN, "m-ben-umzug", ago(days(3)), ago(days(2)));
        rows += write(BEN, "ai", "aiMissions", "m-ben-umzug", "delete", ago(days(1)),
                fields().put("deletedAt", IsoTime.format(ago(days(1)))), fields());
        return rows;
    }

    /**
     * Anna's tax mission with two notes as inputs, both encrypted with the mission's key: the grant she gave the
     * mission two days ago (written through sync like any change) lists only the receipts note. The web app encrypts
     * with the user's master key today (SPEC §16.6's upstream limitation); the demo encrypts with the mission key, as
     * grants are meant to work.
     */
    private int taxMissionWithGrantedNote() throws SQLException {
        byte[] missionKey = GrantIssuer.newMissionKey();
        int rows = encryptedNote(missionKey, GRANTED_NOTE, ago(days(30)), "Belege 2025",
                "Spendenquittung Tierheim fehlt noch; Handwerkerrechnung Bad liegt im Ordner; 46 Bürotage gefahren.");
        rows += encryptedNote(missionKey, UNGRANTED_NOTE, ago(days(9)), "Tagebuch",
                "Privat: nichts davon gehört in einen Plan.");
        rows += mission(ANNA, "m-anna-steuer", ago(days(10)), """
                {"title": "Steuererklärung 2025",
                 "conceptMarkdown": "Belege liegen im Ordner „Steuer“ und in meiner Notiz.",
                 "objective": "Alle Belege sammeln und die Erklärung bis Ende Juli über ELSTER abgeben.",
                 "cadence": {"kind": "daily", "atHour": 7, "atMinute": 30}, "timezone": "Europe/Berlin",
                 "inputs": [{"module": "notes", "table": "notes", "id": "note-belege"},
                            {"module": "notes", "table": "notes", "id": "note-tagebuch"}]}""");
        ObjectNode grant = GrantIssuer.grant(serverKey, missionKey, "m-anna-steuer",
                List.of("notes:" + GRANTED_NOTE), ago(days(2)), now.plus(days(5)));
        Arrays.fill(missionKey, (byte) 0);
        return rows + update(ANNA, "ai", "aiMissions", "m-anna-steuer", ago(days(2)), fields().<ObjectNode>set("grant", grant));
    }

    private int encryptedNote(byte[] key, String id, Instant at, String title, String content) throws SQLException {
        return record(ANNA, "notes", "notes", id, at, fields().put("title", GrantIssuer.encrypt(key, title))
                .put("content", GrantIssuer.encrypt(key, content)));
    }

    /** The companion app's goal the running mission refers to; its progress was updated yesterday. */
    private int goal() throws SQLException {
        return record(ANNA, "companion", "goals", "goal-laufkilometer", ago(days(20)), """
                {"title": "Laufkilometer im Monat", "currentValue": 38, "target": {"value": 120, "unit": "km"},
                 "period": "Monat"}""")
                + update(ANNA, "companion", "goals", "goal-laufkilometer", ago(days(1)),
                fields().put("currentValue", 57));
    }

    /** A browser run whose event on a Monday the user rejected, saying why. */
    private ObjectNode rejectedRunningIteration() {
        return iteration("it-anna-1", ago(days(7)), "Drei Läufe für diese Woche", "rejected",
                "Montags nie – da ist Chorprobe.", "Lauftraining am Montag, 18:00", "create_event");
    }

    /** A server run the user approved, with a remark for the next ones. */
    private ObjectNode weekendIteration() {
        ObjectNode it = iteration("it-ben-1", ago(days(3)), "Tandem-Partner finden", "approved",
                "Gut, aber am Wochenende nie – da spiele ich Handball.", "Tandem-Anzeige aufgeben", "create_task");
        return it.put("source", "server");
    }

    private ObjectNode iteration(String id, Instant at, String summary, String status, String feedback,
                                 String stepSummary, String tool) {
        ObjectNode it = fields().put("id", id).put("startedAt", IsoTime.format(at))
                .put("finishedAt", IsoTime.format(at.plusSeconds(4)));
        ObjectNode step = it.putArray("plan").addObject().put("id", id + "-0").put("summary", stepSummary);
        step.putObject("intent").put("kind", "toolCall").put("toolName", tool)
                .putObject("params").put("title", stepSummary);
        step.put("status", status);
        return it.put("summary", summary).put("userFeedback", feedback).put("overallStatus", status);
    }

    /** A new mission: the whole record, active, not yet scheduled (a later update schedules it). */
    private int mission(String user, String id, Instant createdAt, String json) throws SQLException {
        ObjectNode data = parse(json);
        data.put("state", "active");
        data.putNull("nextRunAt");
        ArrayNode noIterations = JSON.createArrayNode();
        data.putIfAbsent("iterations", noIterations);
        data.put("userId", user);
        return record(user, "ai", "aiMissions", id, createdAt, data);
    }

    private int record(String user, String app, String table, String id, Instant createdAt, String json)
            throws SQLException {
        return record(user, app, table, id, createdAt, parse(json));
    }

    private int record(String user, String app, String table, String id, Instant createdAt, ObjectNode data)
            throws SQLException {
        ObjectNode whole = fields().put("id", id).put("createdAt", IsoTime.format(createdAt))
                .put("updatedAt", IsoTime.format(createdAt));
        whole.setAll(data);
        return write(user, app, table, id, "insert", createdAt, whole, fields());
    }

    private int reschedule(String user, String id, Instant at, Instant nextRunAt) throws SQLException {
        return update(user, "ai", "aiMissions", id, at, fields().put("nextRunAt", IsoTime.format(nextRunAt)));
    }

    /** An update row as a device sends it: the changed fields plus {@code updatedAt}, each stamped {@code at}. */
    private int update(String user, String app, String table, String id, Instant at, ObjectNode changed)
            throws SQLException {
        changed.put("updatedAt", IsoTime.format(at));
        ObjectNode timestamps = fields();
        changed.fieldNames().forEachRemaining(field -> timestamps.put(field, IsoTime.format(at)));
        return write(user, app, table, id, "update", at, changed, timestamps);
    }

    private int write(String user, String app, String table, String id, String op, Instant at, ObjectNode data,
                      ObjectNode stamps) throws SQLException {
        try (Connection c = admin.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, app);
            ps.setString(2, table);
            ps.setString(3, id);
            ps.setString(4, user);
            ps.setString(5, op);
            ps.setString(6, data.toString());
            ps.setString(7, stamps.toString());
            ps.setString(8, user.equals(ANNA) ? "anna-laptop" : "ben-phone");
            // mana-sync stamps a row when the device's change reaches it; the demo's devices synced back then.
            ps.setObject(9, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            ps.setString(10, user);
            return ps.executeUpdate();
        }
    }

    private Instant ago(Duration d) {
        return now.minus(d);
    }

    private static Duration days(int n) {
        return Duration.ofDays(n);
    }

    private static ObjectNode fields() {
        return JSON.createObjectNode();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("demo record is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
