package how.mana.ai.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.mission.Mission;
import how.mana.ai.resolve.GoalsResolver;
import how.mana.ai.resolve.grant.AuditRow;
import how.mana.ai.resolve.grant.DecryptAudit;
import how.mana.ai.runs.AgentDecisions;
import how.mana.ai.schedule.NextRunCalculator;
import how.mana.ai.sync.DetectedSyncTable;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.WithUser;
import how.mana.ai.tick.TickStats;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Prints what the demo's tick did, read back from the database rather than echoed from memory: for every mission
 * of the demo users, whether it was due and why not, the iteration the runner wrote (its steps with their
 * rationales), the decrypt audit of granted inputs and the next run. Reads as the administrator, inside each user's
 * RLS scope.
 */
final class DemoReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MISSION_IDS = """
            SELECT DISTINCT record_id FROM sync_changes
            WHERE user_id = ? AND app_id = 'ai' AND table_name = 'aiMissions' ORDER BY record_id""";
    private static final String RUNNER_ROW = """
            SELECT jsonb_build_object('data', data, 'actor', actor) FROM sync_changes
            WHERE user_id = ? AND app_id = 'ai' AND table_name = 'aiMissions' AND record_id = ?
              AND client_id = 'mana-ai-runner'
            ORDER BY created_at DESC LIMIT 1""";
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);

    /** The setup the header describes; {@code protocol} says how the planner asks the model, with which tools. */
    record Header(String database, String serviceRole, String planner, String protocol, String research) {
    }

    private final DataSource admin;
    private final ZoneId defaultZone;

    DemoReport(DataSource admin, ZoneId defaultZone) {
        this.admin = admin;
        this.defaultZone = defaultZone;
    }

    /**
     * @param transcripts  the tool-calling conversation about a mission, by title, when the planner kept one (the
     *                     offline planner does; a real model's conversations are not seen here)
     * @param researchUrls the article and source URLs that research put into a mission's prompt, by title, as the
     *                     offline planner read them there
     */
    void print(PrintStream out, Header header, TickStats stats,
               Function<String, Optional<ToolTranscript>> transcripts,
               Function<String, Optional<List<String>>> researchUrls) throws SQLException {
        out.println("mana-ai demo: one real tick of the Mission Runner");
        out.println("  database  " + header.database() + " (reset; sync_changes installed as mana-sync does, RLS forced)");
        out.println("  service   connected as " + header.serviceRole()
                + ": NOSUPERUSER NOBYPASSRLS, only what `migrate` grants (least privilege)");
        out.println("  planner   " + header.planner());
        out.println("  protocol  " + header.protocol());
        out.println("  research  " + header.research());
        out.println("  grants    a server key pair made for this run (MANA_AI_PRIVATE_KEY_PEM); one mission holds a"
                + " grant for one of its two encrypted notes");
        out.println();
        out.println("tick  due " + stats.dueMissionCount() + ", plans produced " + stats.plansProduced()
                + ", written back " + stats.plansWrittenBack() + ", parse failures " + stats.parseFailures()
                + ", LLM failures " + stats.llmFailures() + ", held back by agents " + stats.agentSkipped()
                + ", left to devices (encrypted) " + stats.encryptedSkipped() + ", errors " + stats.errors().size()
                + ", research errors " + stats.researchErrors().size() + ", tokens " + stats.tokensUsed() + " ("
                + stats.durationMs() + " ms)");
        Instant scannedAt = IsoTime.parse(stats.scannedAt()).orElseThrow();
        for (String user : DemoData.USERS) {
            for (String missionId : missionIds(user)) {
                out.println();
                printMission(out, user, missionId, scannedAt, stats, transcripts, researchUrls);
            }
        }
    }

    private void printMission(PrintStream out, String user, String missionId, Instant scannedAt, TickStats stats,
                              Function<String, Optional<ToolTranscript>> transcripts,
                              Function<String, Optional<List<String>>> researchUrls) throws SQLException {
        Optional<Mission> mission = WithUser.run(admin, user,
                c -> new RecordHistory(new DetectedSyncTable()).read(c, user, "ai", "aiMissions", missionId))
                .map(f -> Mission.from(user, missionId, f.record(), f.deleted()))
                .flatMap(p -> p instanceof Mission.Valid v ? Optional.of(v.mission()) : Optional.empty());
        if (mission.isEmpty()) {
            out.println(user + " · " + missionId + "  (unreadable)");
            return;
        }
        Mission m = mission.get();
        ZoneId zone = NextRunCalculator.zoneOf(m, defaultZone);
        out.println(user + " · " + m.title() + "  [" + cadence(m.cadence()) + ", " + zone + "]");
        printInputs(out, m);
        Optional<JsonNode> written = runnerRow(user, missionId);
        m.agentId().ifPresent(agent -> out.println("  agent: " + agent));
        Optional<AgentDecisions.Entry> decision = Optional.ofNullable(new AgentDecisions(admin).of(user).get(missionId))
                .filter(d -> !d.decision().equals("ran"));
        if (written.isPresent()) {
            researchUrls.apply(m.title()).ifPresent(urls -> out.println("  research before planning: "
                    + urls.size() + " articles went into the prompt: " + String.join(", ", urls)));
            transcripts.apply(m.title()).ifPresent(t -> printRounds(out, t));
            printRun(out, written.get().path("data"), zone);
            JsonNode actor = written.get().path("actor");
            out.println("  written as: " + actor.path("displayName").asText() + " (" + actor.path("kind").asText()
                    + ", " + actor.path("principalId").asText() + ")");
        } else if (m.isDueAt(scannedAt) && decision.isPresent()) {
            out.println("  due, but held back by its agent: " + decision.get().decision()
                    + " (no claim, no attempt used; looked at again next tick)");
        } else if (m.isDueAt(scannedAt)) {
            String error = stats.errors().stream().filter(e -> e.startsWith("mission=" + missionId))
                    .findFirst().orElse("retried on a later tick");
            out.println("  due, but no plan written: " + error);
        } else {
            out.println("  not due: " + whyNotDue(m, zone));
        }
    }

    private void printInputs(PrintStream out, Mission m) throws SQLException {
        Set<String> granted = new HashSet<>();
        m.record().path("grant").path("derivation").path("recordIds").forEach(id -> granted.add(id.asText()));
        List<String> shown = new ArrayList<>();
        for (JsonNode ref : m.inputs()) {
            String module = ref.path("module").asText("?");
            String what = module + "/" + ref.path("id").asText("?");
            shown.add(GoalsResolver.MODULE.equals(module) ? what + " (resolved: title and progress)"
                    : granted.contains(ref.path("table").asText() + ":" + ref.path("id").asText())
                    ? what + " (in the mission's grant: decrypted for this plan only)"
                    : what + " (encrypted, not granted: never decrypted, never reaches the model)");
        }
        if (!shown.isEmpty()) {
            out.println("  inputs: " + String.join("; ", shown));
        }
        List<AuditRow> audit = new DecryptAudit(admin, Clock.systemUTC()).recent(m.userId(), Optional.of(m.id()), 20);
        if (!audit.isEmpty()) {
            out.println("  decrypt audit (what GET /api/v1/me/ai-audit shows " + m.userId() + "): " + audit.reversed()
                    .stream().map(r -> r.tableName() + ":" + r.recordId() + " " + r.status()
                            + (r.reason() == null ? "" : " (" + r.reason() + ")")).collect(Collectors.joining("; ")));
        }
    }

    /**
     * The agent's blocks the model was sent, then each round of the conversation: its calls, which the service stored,
     * and which it rejected and why.
     */
    private static void printRounds(PrintStream out, ToolTranscript transcript) {
        if (!transcript.agentBlocks().isEmpty()) {
            out.println("  sent with the agent's " + transcript.agentBlocks().stream().map(tag -> "<" + tag + ">")
                    .collect(Collectors.joining(" and ")) + " at the end of the system message (plaintext only)");
        }
        out.println("  tool calling, " + transcript.turns().size() + " rounds:");
        int round = 0;
        List<String> rejected = new ArrayList<>();
        for (ToolTranscript.Turn turn : transcript.turns()) {
            round++;
            if (turn.calls().isEmpty()) {
                out.println("   r" + round + " no calls: done");
            }
            for (ToolTranscript.CallResult call : turn.calls()) {
                boolean corrected = call.stored() && rejected.remove(call.tool());
                if (!call.stored()) {
                    rejected.add(call.tool());
                }
                out.println("   r" + round + " " + call.tool() + (call.stored()
                        ? " ✓ stored" + (corrected ? " (corrected)" : "") : " ✗ " + call.message()));
            }
        }
    }

    private static void printRun(PrintStream out, JsonNode data, ZoneId zone) {
        JsonNode iterations = data.path("iterations");
        JsonNode it = iterations.path(iterations.size() - 1);
        out.println("  due → wrote iteration " + it.path("id").asText() + " (" + it.path("overallStatus").asText()
                + ", source " + it.path("source").asText() + ", " + iterations.size() + " iterations now)");
        out.println("  summary: " + it.path("summary").asText());
        int n = 0;
        for (JsonNode step : it.path("plan")) {
            JsonNode intent = step.path("intent");
            out.println("   " + (++n) + ". " + intent.path("toolName").asText() + " " + intent.path("params"));
            out.println("      why: " + step.path("rationale").asText());
        }
        JsonNode next = data.path("nextRunAt");
        out.println("  next run: " + (next.isTextual() ? when(next.textValue(), zone) : "none (manual)"));
    }

    private static String whyNotDue(Mission m, ZoneId zone) {
        if (m.deleted()) {
            return "deleted";
        }
        if (!"active".equals(m.state())) {
            return "state is " + m.state() + m.nextRunAtText().map(at -> " (nextRunAt " + at + " has passed)")
                    .orElse("");
        }
        return m.nextRunAtText().map(at -> "scheduled for " + when(at, zone))
                .orElse("nothing scheduled (runs when started in the app)");
    }

    /** An ISO instant and the same moment on the mission's clock. */
    private static String when(String iso, ZoneId zone) {
        return iso + IsoTime.parse(iso).map(at -> " = " + LOCAL.format(at.atZone(zone)) + " " + zone).orElse("");
    }

    private static String cadence(JsonNode cadence) {
        String kind = cadence.path("kind").asText("none");
        return switch (kind) {
            case "interval" -> "every " + cadence.path("everyMinutes").asText() + " min";
            case "daily" -> String.format(Locale.ROOT, "daily %02d:%02d",
                    cadence.path("atHour").asInt(), cadence.path("atMinute").asInt());
            case "weekly" -> String.format(Locale.ROOT, "weekly, day %d at %02d:00",
                    cadence.path("dayOfWeek").asInt(), cadence.path("atHour").asInt());
            case "cron" -> "cron " + cadence.path("expression").asText();
            default -> kind;
        };
    }

    private List<String> missionIds(String user) throws SQLException {
        return WithUser.run(admin, user, c -> {
            List<String> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(MISSION_IDS)) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
            }
            return ids;
        });
    }

    private Optional<JsonNode> runnerRow(String user, String missionId) throws SQLException {
        return WithUser.run(admin, user, c -> readRunnerRow(c, user, missionId));
    }

    private static Optional<JsonNode> readRunnerRow(Connection c, String user, String missionId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RUNNER_ROW)) {
            ps.setString(1, user);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                try {
                    return Optional.of(JSON.readTree(rs.getString(1)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new SQLException("runner row of " + missionId + " is not JSON", e);
                }
            }
        }
    }
}
