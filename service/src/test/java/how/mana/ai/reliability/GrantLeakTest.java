package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.demo.GrantIssuer;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.FakeManaAuth;
import how.mana.ai.testing.LogCapture;
import how.mana.ai.testing.ManaSyncDatabase;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The "done": a granted, unexpired record's plaintext reaches that mission's prompt and nothing else does.
 * The whole service runs as {@code serve} wires it (real key from the environment, real crypto, the least-privileged
 * role); markers are planted in a granted note, an ungranted one and a tampered one, and everything the service
 * emitted is searched: the log at INFO and above, the tick stats, {@code /internal/missions}, {@code /metrics}, the
 * audit endpoint and every row it wrote. Keys (the mission key, the server's private key) are searched for in all of
 * it, the debug log included.
 */
class GrantLeakTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.of(SyncGeneration.TWO);
    private static final String GRANTED = "granted-plaintext-5b7e1c";
    private static final String UNGRANTED = "ungranted-plaintext-a94d02";
    private static final String TAMPERED = "tampered-plaintext-33f0aa";
    private static final List<String> MARKERS = List.of(GRANTED, UNGRANTED, TAMPERED);

    @Test
    void grantedPlaintextReachesOnlyItsMissionsPromptAndNoKeyOrPlaintextIsEmittedAnywhere() throws Exception {
        KeyPair server = GrantIssuer.newServerKeyPair();
        byte[] key = GrantIssuer.newMissionKey();
        String pem = GrantIssuer.privateKeyPem(server.getPrivate());
        note("alice", "n1", "Belege 2025", GrantIssuer.encrypt(key, "Quittungen " + GRANTED));
        note("alice", "n2", "Tagebuch", GrantIssuer.encrypt(key, "privat " + UNGRANTED));
        note("alice", "n3", "Kaputt", tampered(GrantIssuer.encrypt(key, "beschädigt " + TAMPERED)));
        ObjectNode grant = GrantIssuer.grant(server.getPublic(), key, "m-alice", List.of("notes:n1", "notes:n3"),
                Instant.now(), Instant.now().plus(Duration.ofDays(7)));
        seedMission("alice", "m-alice", grant, "n1", "n2", "n3");
        // Bob copies Alice's grant onto his mission: Alice's records are never read in his scope.
        seedMission("bob", "m-bob", grant.deepCopy(), "n1");

        List<String> emitted = new ArrayList<>();
        List<String> debugAndAbove;
        try (FakeManaAuth auth = FakeManaAuth.start(); FakeLlm llm = FakeLlm.planningEverything();
             LogCapture logs = new LogCapture()) {
            FakeManaAuth.SigningKey authKey = FakeManaAuth.newKey("k1");
            auth.publish(authKey);
            Map<String, String> env = ServiceEnv.inProcess(db, llm.url());
            env.put("MANA_AI_PRIVATE_KEY_PEM", pem);
            env.put("MANA_AUTH_URL", auth.url().toString());
            try (RunningService service = RunningService.start(env)) {
                var tick = service.tick(ServiceEnv.KEY);
                assertThat(tick.statusCode()).isEqualTo(200);
                assertThat(MissionSeed.JSON.readTree(tick.body()).get("plansWrittenBack").asInt()).isEqualTo(2);
                emitted.add(tick.body());
                for (String user : List.of("alice", "bob")) {
                    emitted.add(service.send("GET", "/internal/missions/" + user, ServiceEnv.KEY).body());
                    String token = FakeManaAuth.token(authKey, Map.of("sub", user, "iss", auth.url().toString(),
                            "aud", "mana", "exp", Instant.now().getEpochSecond() + 600));
                    emitted.add(service.get("/api/v1/me/ai-audit", Map.of("Authorization", "Bearer " + token)).body());
                }
                String metrics = service.get("/metrics").body();
                emitted.add(metrics);
                assertThat(metrics).contains("mana_ai_decrypts_total{service=\"mana-ai\",table=\"notes\"} 1.0")
                        .contains("mana_ai_grant_scope_violations_total{service=\"mana-ai\",table=\"notes\"} 1.0")
                        .contains("mana_ai_grant_skips_total{reason=\"wrap-rejected\",service=\"mana-ai\"} 0.0");
            }

            String alicesPrompt = llm.userMessageContaining(GRANTED);
            assertThat(alicesPrompt).contains("Mission of alice", "Belege 2025", "Quittungen " + GRANTED)
                    .doesNotContain(UNGRANTED, TAMPERED, "Tagebuch", "enc:");
            assertThat(llm.userMessages()).hasSize(2).filteredOn(m -> m.contains("Mission of bob")).singleElement()
                    .satisfies(bobs -> assertThat(bobs).doesNotContain(GRANTED, "Belege"));
            assertThat(String.join("\n", llm.userMessages())).doesNotContain(UNGRANTED, TAMPERED);
            emitted.addAll(logs.lines().stream().filter(l -> !l.startsWith("DEBUG") && !l.startsWith("TRACE")).toList());
            debugAndAbove = logs.lines();
        }
        emitted.addAll(rowsWritten());

        String everything = String.join("\n", emitted);
        assertThat(everything).as("audit rows, each attempt once").contains("\"recordId\":\"n1\",\"status\":\"ok\"",
                "\"recordId\":\"n2\",\"status\":\"scope-violation\"", "\"recordId\":\"n3\",\"status\":\"failed\"");
        for (String marker : MARKERS) {
            assertThat(everything).as("emitted output holding " + marker).doesNotContain(marker);
        }
        String allLogs = String.join("\n", debugAndAbove);
        for (String secret : List.of(Base64.getEncoder().encodeToString(key), HexFormat.of().formatHex(key),
                Base64.getEncoder().encodeToString(server.getPrivate().getEncoded()).substring(40, 100),
                pem.lines().skip(2).findFirst().orElseThrow())) {
            assertThat(everything).doesNotContain(secret);
            assertThat(allLogs).doesNotContain(secret);
        }
    }

    private static void note(String user, String id, String title, String content) throws SQLException {
        ObjectNode note = MissionSeed.JSON.createObjectNode().put("id", id).put("title", title).put("content", content);
        db.insertChange(user, "notes", "notes", id, "insert", note.toString(), null, null);
    }

    private static void seedMission(String user, String id, ObjectNode grant, String... notes) throws SQLException {
        ObjectNode mission = MissionSeed.dueMission(user, id, "Mission of " + user);
        for (String note : notes) {
            mission.withArray("inputs").addObject().put("module", "notes").put("table", "notes").put("id", note);
        }
        mission.set("grant", grant);
        MissionSeed.insert(db, user, id, mission);
    }

    /** The sealed value with one byte of its ciphertext changed. */
    private static String tampered(String sealed) {
        int dot = sealed.indexOf('.');
        byte[] body = Base64.getDecoder().decode(sealed.substring(dot + 1));
        body[0] ^= 1;
        return sealed.substring(0, dot + 1) + Base64.getEncoder().encodeToString(body);
    }

    /** Every row of the service's own tables and every row it appended to sync_changes, as text. */
    private static List<String> rowsWritten() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'mana_ai'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("decrypt_audit", "run_slots", "mission_snapshots", "mission_fields");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("SELECT t::text FROM mana_ai." + table + " t")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT c::text FROM sync_changes c WHERE client_id = 'mana-ai-runner'")) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }
}
