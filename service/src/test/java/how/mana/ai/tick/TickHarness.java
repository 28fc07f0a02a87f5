package how.mana.ai.tick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.budget.TokenUsage;
import how.mana.ai.config.Config;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.mission.IsoTime;
import how.mana.ai.planner.Planner;
import how.mana.ai.planner.tools.BuiltInCatalog;
import how.mana.ai.planner.tools.ToolCatalog;
import how.mana.ai.projection.AgentProjection;
import how.mana.ai.projection.MissionProjection;
import how.mana.ai.research.Research;
import how.mana.ai.research.ResearchSettings;
import how.mana.ai.runs.AgentDecisions;
import how.mana.ai.runs.Backoff;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.schedule.NextRunCalculator;
import how.mana.ai.sync.SyncTableSource;
import how.mana.ai.telemetry.Tracing;
import how.mana.ai.testing.ManaSyncDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** Builds real ticks on a test database and reads back what they wrote. */
final class TickHarness {
    static final ObjectMapper JSON = new ObjectMapper();
    private final ManaSyncDatabase db;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    TickHarness(ManaSyncDatabase db) {
        this.db = db;
    }

    /** The registry of every tick this harness builds. */
    SimpleMeterRegistry meters() {
        return meters;
    }

    /** The write-back as the service builds it, on the given service-role pool. */
    WriteBack writeBack(DataSource pool, Clock clock) {
        return new WriteBack(pool, SyncTableSource.fixed(db.syncTable()), new NextRunCalculator(), ZoneOffset.UTC, clock,
                PromptLocale.DE.encryptedPlaceholder());
    }

    /** The tools every mission's run is offered. */
    static final ToolCatalog TOOLS = ToolCatalog.builtIn(BuiltInCatalog.CURRENT);

    /**
     * Research as the service configures it by default: no mission of the tests' seeding asks for it, and the
     * services it would ask are not there.
     */
    static final ResearchSettings NO_RESEARCH = ResearchSettings.from(Config.from(Map.of()));

    /** A tick as the service builds it, with the given planner, on the given service-role pool. */
    MissionTick tick(DataSource pool, Planner planner, String owner, int maxAttempts, Duration lease,
                     Backoff backoff) {
        return tick(pool, planner, owner, maxAttempts, lease, backoff, NO_RESEARCH);
    }

    /** The same with research against the given services. */
    MissionTick tick(DataSource pool, Planner planner, String owner, int maxAttempts, Duration lease,
                     Backoff backoff, ResearchSettings research) {
        Clock clock = Clock.systemUTC();
        return new MissionTick(new MissionProjection(pool, db.service()),
                new AgentGates(new AgentProjection(pool, db.service()), new AgentDecisions(pool), new TokenUsage(pool)),
                new SlotStore(pool),
                planner, new Research(research, pool, meters), writeBack(pool, clock), backoff,
                new MissionTick.Settings(owner, 8, 1000, maxAttempts, lease, TOOLS), meters, Tracing.off().tracer(),
                clock);
    }

    /** The same, retrying failed slots at once. */
    MissionTick tick(DataSource pool, Planner planner, String owner, int maxAttempts, Duration lease) {
        return tick(pool, planner, owner, maxAttempts, lease, new Backoff(Duration.ZERO, Duration.ZERO));
    }

    /** Empties the change table, the slots and the snapshot between tests. */
    void reset() throws Exception {
        try (var c = db.admin().getConnection(); var s = c.createStatement()) {
            s.execute("TRUNCATE sync_changes, mana_ai.run_slots, mana_ai.agent_decisions, mana_ai.token_usage,"
                    + " mana_ai.mission_research_jobs");
        }
        db.projection().rebuild();
        new AgentProjection(db.service(), db.service()).records().rebuild();
    }

    /** Seeds a due mission, folds it into the snapshot and returns its slot. */
    SlotKey dueSlot(String userId, String missionId) throws Exception {
        insertDueMission(userId, missionId);
        db.projection().refresh();
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT next_run_at_text FROM mana_ai.mission_snapshots WHERE user_id = ? AND mission_id = ?")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("mission " + missionId + " is not in the snapshot");
                }
                return new SlotKey(userId, missionId, rs.getString(1));
            }
        }
    }

    MissionTick tick(Planner planner) {
        return tick(db.service(), planner, "runner-test", 3, Duration.ofMinutes(5));
    }

    /** Inserts a mission as a device would: one insert row holding the whole record. */
    void insertMission(String userId, String missionId, String state, Instant nextRunAt, String cadenceJson)
            throws Exception {
        insertMission(userId, missionId, state, nextRunAt, cadenceJson, null);
    }

    /** The same, with the row's created_at ({@code null}: now). */
    void insertMission(String userId, String missionId, String state, Instant nextRunAt, String cadenceJson,
                       Instant rowCreatedAt) throws Exception {
        String next = nextRunAt == null ? "null" : "\"" + IsoTime.format(nextRunAt) + "\"";
        String created = IsoTime.format(Instant.now().minus(Duration.ofDays(3)));
        db.insertMissionChange(userId, missionId, "insert", """
                {"id":"%s","createdAt":"%s","updatedAt":"%s","title":"Wochenplan %s",
                 "conceptMarkdown":"Laufen und Lernen","objective":"3x pro Woche laufen","inputs":[],
                 "cadence":%s,"state":"%s","nextRunAt":%s,
                 "iterations":[{"id":"it-0","startedAt":"%s","plan":[],"overallStatus":"approved"}],
                 "userId":"%s","deletedAt":null,"customField":{"kept":true}}"""
                .formatted(missionId, created, created, missionId, cadenceJson, state, next, created, userId),
                null, rowCreatedAt);
    }

    void insertDueMission(String userId, String missionId) throws Exception {
        insertMission(userId, missionId, "active", Instant.now().minus(Duration.ofMinutes(5)),
                "{\"kind\":\"interval\",\"everyMinutes\":60}");
    }

    /** A device edit of some fields, with their field timestamps set to now. */
    void deviceUpdate(String userId, String missionId, String dataJson) throws Exception {
        JsonNode data = JSON.readTree(dataJson);
        var timestamps = JSON.createObjectNode();
        String now = IsoTime.format(Instant.now());
        data.fieldNames().forEachRemaining(field -> timestamps.put(field, now));
        db.insertMissionChange(userId, missionId, "update", dataJson, timestamps.toString(), null);
    }

    /** The rows the runner wrote, oldest first. */
    List<WrittenRow> runnerRows() throws SQLException {
        List<WrittenRow> rows = new ArrayList<>();
        try (Connection c = db.admin().getConnection();
             PreparedStatement ps = c.prepareStatement("""
                     SELECT app_id, table_name, record_id, user_id, op, data::text, %s::text,
                            client_id, schema_version, actor::text, %s
                       FROM sync_changes WHERE client_id = 'mana-ai-runner' ORDER BY created_at, id"""
                     .formatted(db.syncTable().stampColumn(), db.syncTable().hasOrigin() ? "origin" : "NULL"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    rows.add(new WrittenRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), JSON.readTree(rs.getString(6)), JSON.readTree(rs.getString(7)),
                            rs.getString(8), rs.getInt(9), JSON.readTree(rs.getString(10)), rs.getString(11)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new AssertionError("the runner wrote JSON that does not parse", e);
                }
            }
        }
        return rows;
    }

    /** Lets a slot's lease run out now, as its time passing would, without the test waiting for it. */
    void expireLease(SlotKey key) throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                UPDATE mana_ai.run_slots SET lease_until = now() - interval '1 second'
                 WHERE user_id = ? AND mission_id = ? AND slot = ? AND lease_until IS NOT NULL""")) {
            ps.setString(1, key.userId());
            ps.setString(2, key.missionId());
            ps.setString(3, key.slot());
            if (ps.executeUpdate() != 1) {
                throw new AssertionError("slot " + key + " holds no lease to expire");
            }
        }
    }

    /** The slot's {@code lease_until}; an {@link AssertionError} when it holds no lease. */
    Instant leaseUntil(SlotKey key) throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("""
                SELECT lease_until FROM mana_ai.run_slots
                 WHERE user_id = ? AND mission_id = ? AND slot = ? AND lease_until IS NOT NULL""")) {
            ps.setString(1, key.userId());
            ps.setString(2, key.missionId());
            ps.setString(3, key.slot());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new AssertionError("slot " + key + " holds no lease");
                }
                return rs.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
        }
    }

    /** Whether the database's clock, which leases are measured by, has passed {@code instant}. */
    boolean databaseClockPast(Instant instant) throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement("SELECT now() > ?")) {
            ps.setObject(1, instant.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** A fault the database injects until it is closed. */
    interface Fault extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    /**
     * Installs, as administrator, a row trigger on {@code table} whose PL/pgSQL {@code body} runs {@code timing}
     * ("BEFORE UPDATE") each row: a fault of the database the service cannot see coming. Closing removes it.
     */
    Fault rowTrigger(String table, String timing, String body) throws SQLException {
        try (Connection c = db.admin().getConnection(); var s = c.createStatement()) {
            s.execute("CREATE FUNCTION public.injected_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    + body + " END $$");
            s.execute("CREATE TRIGGER injected_fault " + timing + " ON " + table
                    + " FOR EACH ROW EXECUTE FUNCTION public.injected_fault()");
        }
        return () -> {
            try (Connection c = db.admin().getConnection(); var s = c.createStatement()) {
                s.execute("DROP TRIGGER injected_fault ON " + table);
                s.execute("DROP FUNCTION public.injected_fault()");
            }
        };
    }

    String slotStatus(String userId, String missionId) throws SQLException {
        try (Connection c = db.admin().getConnection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT status || '/' || attempts FROM mana_ai.run_slots WHERE user_id = ? AND mission_id = ?")) {
            ps.setString(1, userId);
            ps.setString(2, missionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "none";
            }
        }
    }

    /** @param stamps the generation's stamp column; {@code origin} null where the table has none */
    record WrittenRow(String appId, String tableName, String recordId, String userId, String op, JsonNode data,
                      JsonNode stamps, String clientId, int schemaVersion, JsonNode actor, String origin) {
        JsonNode newIteration() {
            JsonNode iterations = data.get("iterations");
            return iterations.get(iterations.size() - 1);
        }
    }
}
