package how.mana.ai.resolve.grant;

import static how.mana.ai.resolve.grant.TestGrants.NOW;
import static how.mana.ai.resolve.grant.TestGrants.SERVER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.demo.GrantIssuer;
import how.mana.ai.mission.Mission;
import how.mana.ai.resolve.InputResolverRegistry;
import how.mana.ai.resolve.MissionResolvers;
import how.mana.ai.resolve.ResolvedInput;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.sync.SyncTableSource;
import how.mana.ai.sync.WithUser;
import how.mana.ai.testing.ManaSyncDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Granted inputs end to end on the real database as the least-privileged service role, with real crypto (SPEC §16,
 * §17): a granted, unexpired record's plaintext is resolved for its mission and nothing else is, every attempt leaves
 * an audit row its owner can read and no one else can, and no grant failure ever fails the mission.
 */
class MissionGrantsTest {
    @RegisterExtension
    static final ManaSyncDatabase db = ManaSyncDatabase.of(SyncGeneration.TWO);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] key = GrantIssuer.newMissionKey();
    private SimpleMeterRegistry metrics;
    private DecryptAudit audit;

    @BeforeEach
    void freshState() throws SQLException {
        metrics = new SimpleMeterRegistry();
        audit = new DecryptAudit(db.service(), Clock.fixed(NOW, ZoneOffset.UTC));
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("TRUNCATE sync_changes, mana_ai.decrypt_audit");
        }
    }

    private MissionGrants grants(Optional<PrivateKey> serverKey) {
        return new MissionGrants(serverKey, db.service(), new RecordHistory(SyncTableSource.fixed(db.syncTable())),
                audit, metrics, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private List<ResolvedInput> resolve(Mission mission) {
        return resolve(mission, Optional.of(SERVER.getPrivate()));
    }

    private List<ResolvedInput> resolve(Mission mission, Optional<PrivateKey> serverKey) {
        return new InputResolverRegistry(Map.of(), grants(serverKey)).resolveAll(mission);
    }

    /** A mission of {@code user} with the given grant (absent: none) and input refs ({@code module/table/id}). */
    private static Mission mission(String user, String id, ObjectNode grant, String... refs) {
        ObjectNode record = JSON.createObjectNode().put("id", id).put("title", "Steuer").put("objective", "abgeben");
        ArrayNode inputs = record.putArray("inputs");
        for (String ref : refs) {
            String[] parts = ref.split("/");
            inputs.addObject().put("module", parts[0]).put("table", parts[1]).put("id", parts[2]);
        }
        if (grant != null) {
            record.set("grant", grant);
        }
        return ((Mission.Valid) Mission.from(user, id, record, false)).mission();
    }

    private void insert(String user, String app, String table, String id, String op, ObjectNode data)
            throws SQLException {
        db.insertChange(user, app, table, id, op, data == null ? null : data.toString(), null, null);
    }

    /** A note with its title and content encrypted with {@code withKey}. */
    private void note(String user, String id, byte[] withKey, String title, String content) throws SQLException {
        insert(user, "notes", "notes", id, "insert", JSON.createObjectNode().put("id", id)
                .put("title", GrantIssuer.encrypt(withKey, title)).put("content", GrantIssuer.encrypt(withKey, content))
                .put("createdAt", "2026-04-01T00:00:00.000Z"));
    }

    private double count(String name, String tag, String value) {
        var counter = metrics.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The user's audit rows as the service role reads them in that user's scope, oldest first. */
    private List<String> auditOf(String user) throws SQLException {
        List<String> rows = new ArrayList<>();
        audit.recent(user, Optional.empty(), 100).reversed().forEach(r -> rows.add(r.missionId() + " "
                + r.tableName() + ":" + r.recordId() + " " + r.status() + (r.reason() == null ? "" : " " + r.reason())));
        return rows;
    }

    @Test
    void aGrantedRecordsPlaintextIsResolvedAndAudited() throws Exception {
        note("alice", "n1", key, "Belege 2025", "Quittungen im Ordner „Steuer“ 🧾");
        insert("alice", "todo", "tasks", "t1", "insert", JSON.createObjectNode()
                .put("title", GrantIssuer.encrypt(key, "Steuer abgeben")).put("status", "open")
                .put("dueDate", GrantIssuer.encrypt(key, "2026-07-31")));
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1", "tasks:t1"),
                "notes/notes/n1", "tasks/tasks/t1");

        assertThat(resolve(mission)).containsExactly(
                new ResolvedInput("notes", "notes", "n1", "Belege 2025", List.of("Quittungen im Ordner „Steuer“ 🧾")),
                new ResolvedInput("tasks", "tasks", "t1", "Steuer abgeben",
                        List.of("[open] Steuer abgeben (faellig: 2026-07-31)")));
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 ok", "m-1 tasks:t1 ok");
        assertThat(count("mana_ai_decrypts", "table", "notes")).isEqualTo(2);
        assertThat(count("mana_ai_decrypts", "table", "tasks")).isEqualTo(2);
    }

    @Test
    void aRecordOutsideTheAllowListIsNeitherReadNorShownButAudited() throws Exception {
        note("alice", "n1", key, "Belege", "granted");
        note("alice", "n2", key, "Tagebuch", "not granted");
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1"),
                "notes/notes/n1", "notes/notes/n2", "notes/journalEntries/n1");

        assertThat(resolve(mission)).extracting(ResolvedInput::id).containsExactly("n1");
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 ok",
                "m-1 notes:n2 scope-violation record-not-in-grant-allowlist",
                "m-1 journalEntries:n1 scope-violation record-not-in-grant-allowlist");
        assertThat(count("mana_ai_grant_scope_violations", "table", "notes")).isEqualTo(1);
        assertThat(count("mana_ai_grant_scope_violations", "table", "journalEntries")).isEqualTo(1);
    }

    @Test
    void aTamperedCiphertextIsAFailedAuditRowAndNothingElse() throws Exception {
        String sealed = GrantIssuer.encrypt(key, "Geheimnis");
        int last = sealed.length() - 3;
        String tampered = sealed.substring(0, last) + (sealed.charAt(last) == 'A' ? 'B' : 'A') + sealed.substring(last + 1);
        insert("alice", "notes", "notes", "n1", "insert", JSON.createObjectNode().put("title", "Belege")
                .put("content", tampered));
        insert("alice", "notes", "notes", "n2", "insert", JSON.createObjectNode()
                .put("content", GrantIssuer.encrypt(GrantIssuer.newMissionKey(), "other key")));
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1", "notes:n2"),
                "notes/notes/n1", "notes/notes/n2");

        assertThat(resolve(mission)).isEmpty();
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 failed ciphertext-tampered-or-wrong-key",
                "m-1 notes:n2 failed ciphertext-tampered-or-wrong-key");
    }

    @Test
    void aWrongIvLengthOrAMissingSeparatorIsAFailedAuditRow() throws Exception {
        String sealed = GrantIssuer.encrypt(key, "Geheimnis");
        String body = sealed.substring(sealed.indexOf('.'));
        insert("alice", "notes", "notes", "n1", "insert", JSON.createObjectNode()
                .put("content", "enc:1:" + Base64.getEncoder().encodeToString(new byte[16]) + body));
        insert("alice", "notes", "notes", "n2", "insert", JSON.createObjectNode().put("content", sealed.replace(".", "")));
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1", "notes:n2"),
                "notes/notes/n1", "notes/notes/n2");

        assertThat(resolve(mission)).isEmpty();
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 failed decrypt-failed",
                "m-1 notes:n2 failed ciphertext-malformed");
    }

    @Test
    void aGrantThatGivesNoKeyIsCountedByReasonAndLeavesTheEncryptedInputsOut() throws Exception {
        note("alice", "n1", key, "Belege", "secret");
        ObjectNode expired = TestGrants.grant(key, "m-1", "notes:n1").put("expiresAt", "2026-04-28T09:59:59.000Z");
        ObjectNode forAnother = GrantIssuer.grant(TestGrants.OTHER.getPublic(), key, "m-1", List.of("notes:n1"), NOW,
                NOW.plusSeconds(60));

        assertThat(resolve(mission("alice", "m-1", expired, "notes/notes/n1"))).isEmpty();
        assertThat(resolve(mission("alice", "m-1", forAnother, "notes/notes/n1"))).isEmpty();
        assertThat(resolve(mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1"), "notes/notes/n1"),
                Optional.empty())).isEmpty();
        ObjectNode notBase64 = TestGrants.grant(key, "m-1", "notes:n1").put("wrappedKey", "***");
        assertThat(resolve(mission("alice", "m-1", notBase64, "notes/notes/n1"))).isEmpty();

        assertThat(count("mana_ai_grant_skips", "reason", "expired")).isEqualTo(1);
        assertThat(count("mana_ai_grant_skips", "reason", "wrap-rejected")).isEqualTo(1);
        assertThat(count("mana_ai_grant_skips", "reason", "not-configured")).isEqualTo(1);
        assertThat(count("mana_ai_grant_skips", "reason", "malformed")).isEqualTo(1);
        assertThat(auditOf("alice")).as("nothing was decrypted, so nothing is audited").isEmpty();
    }

    @Test
    void aRevokedGrantOrNoneMeansNoEncryptedInputsAndNoCounts() throws Exception {
        note("alice", "n1", key, "Belege", "secret");
        ObjectNode revoked = JSON.createObjectNode().put("id", "m-1").put("title", "Steuer").putNull("grant");
        revoked.putArray("inputs").addObject().put("module", "notes").put("table", "notes").put("id", "n1");
        Mission mission = ((Mission.Valid) Mission.from("alice", "m-1", revoked, false)).mission();

        assertThat(resolve(mission)).isEmpty();
        assertThat(resolve(mission("alice", "m-1", null, "notes/notes/n1"))).isEmpty();
        assertThat(metrics.find("mana_ai_grant_skips").counters()).allSatisfy(c -> assertThat(c.count()).isZero());
        assertThat(auditOf("alice")).isEmpty();
    }

    @Test
    void aGrantCopiedOntoAnotherUsersMissionNeverReachesTheOwnersRecords() throws Exception {
        note("alice", "n1", key, "Alices Belege", "Alices Geheimnis");
        ObjectNode alicesGrant = TestGrants.grant(key, "m-1", "notes:n1");
        // Bob copies Alice's grant onto his own mission of the same id, once without and once with a note n1 of his.
        Mission bobs = mission("bob", "m-1", alicesGrant.deepCopy(), "notes/notes/n1");

        assertThat(resolve(bobs)).isEmpty();
        note("bob", "n1", GrantIssuer.newMissionKey(), "Bobs", "Bobs");
        assertThat(resolve(bobs)).isEmpty();

        assertThat(auditOf("bob")).containsExactly("m-1 notes:n1 failed ciphertext-tampered-or-wrong-key");
        assertThat(resolve(mission("alice", "m-1", alicesGrant, "notes/notes/n1"))).extracting(ResolvedInput::details)
                .containsExactly(List.of("Alices Geheimnis"));
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 ok");
        assertThat(auditOf("bob")).hasSize(1);
    }

    @Test
    void aMissingOrDeletedRecordResolvesToNothingWithoutAnAuditRow() throws Exception {
        note("alice", "n1", key, "Belege", "secret");
        insert("alice", "notes", "notes", "n1", "delete", null);
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1", "notes:n9"),
                "notes/notes/n1", "notes/notes/n9");

        assertThat(resolve(mission)).isEmpty();
        assertThat(auditOf("alice")).isEmpty();
    }

    @Test
    void aGrantedRecordWithoutCiphertextIsShownAndAuditedOk() throws Exception {
        insert("alice", "notes", "notes", "n1", "insert", JSON.createObjectNode().put("content", "plain note"));
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1"), "notes/notes/n1");

        assertThat(resolve(mission)).containsExactly(new ResolvedInput("notes", "notes", "n1", "Notiz",
                List.of("plain note")));
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 ok");
        assertThat(count("mana_ai_decrypts", "table", "notes")).isZero();
    }

    @Test
    void noPlaintextWithoutItsAuditRow() throws Exception {
        note("alice", "n1", key, "Belege", "secret");
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1"), "notes/notes/n1");
        adminExecute("REVOKE INSERT ON mana_ai.decrypt_audit FROM " + db.roleName());
        try {
            assertThat(resolve(mission)).isEmpty();
        } finally {
            adminExecute("GRANT INSERT ON mana_ai.decrypt_audit TO " + db.roleName());
        }
        assertThat(count("mana_ai_decrypts", "table", "notes")).isZero();
        assertThat(resolve(mission)).hasSize(1);
    }

    @Test
    void theKeyIsDestroyedOnceTheMissionsInputsAreResolved() throws Exception {
        note("alice", "n1", key, "Belege", "secret");
        Mission mission = mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1"), "notes/notes/n1");
        MissionResolvers resolvers = grants(Optional.of(SERVER.getPrivate())).open(mission);
        ObjectNode ref = (ObjectNode) mission.inputs().get(0);
        assertThat(resolvers.forModule("notes").orElseThrow().resolve("alice", ref)).isPresent();
        assertThat(resolvers.forModule("goals")).isEmpty();

        resolvers.close();

        assertThatThrownBy(() -> resolvers.forModule("notes").orElseThrow().resolve("alice", ref))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("destroyed");
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 ok");
    }

    @Test
    void theAuditIsAppendOnlyAndEachUserSeesOnlyTheirOwnRows() throws Exception {
        note("alice", "n1", key, "Belege", "secret");
        resolve(mission("alice", "m-1", TestGrants.grant(key, "m-1", "notes:n1"), "notes/notes/n1"));

        assertThat(auditOf("bob")).isEmpty();
        assertThat(serviceRoleCount("bob", "SELECT count(*) FROM mana_ai.decrypt_audit")).isZero();
        assertThat(serviceRoleCount("alice", "SELECT count(*) FROM mana_ai.decrypt_audit")).isOne();
        for (String write : List.of("UPDATE mana_ai.decrypt_audit SET status = 'failed'",
                "DELETE FROM mana_ai.decrypt_audit", "TRUNCATE mana_ai.decrypt_audit")) {
            assertThatThrownBy(() -> serviceRoleCount("alice", write)).as(write)
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
        }
        assertThatThrownBy(() -> WithUser.run(db.service(), "bob", c -> {
            audit.append(c, AuditEntry.ok("alice", "m-1", "notes", "forged"));
            return null;
        })).isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
        assertThat(auditOf("alice")).containsExactly("m-1 notes:n1 ok");
    }

    private static long serviceRoleCount(String user, String sql) throws SQLException {
        return WithUser.run(db.service(), user, c -> {
            try (Statement s = c.createStatement()) {
                if (!s.execute(sql)) {
                    return (long) s.getUpdateCount();
                }
                try (ResultSet rs = s.getResultSet()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    private static void adminExecute(String sql) throws SQLException {
        try (Connection c = db.admin().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.execute();
        }
    }
}
