package how.mana.ai.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.testing.FakeManaAuth;
import how.mana.ai.testing.FakeManaAuth.SigningKey;
import how.mana.ai.testing.ManaSyncDatabase;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/v1/me/ai-audit} on the whole service as {@code serve} wires it, against a local mana-auth JWKS
 * (SPEC §17.3): a token's own rows, newest first, in upstream's shape; every other token refused in plain text; no
 * token reads another user's rows, and the service key grants nothing here.
 */
class AiAuditEndpointTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();
    private static final SigningKey KEY = FakeManaAuth.newKey("auth-key-1");

    private static FakeManaAuth auth;
    private static RunningService service;

    @BeforeAll
    static void start() throws Exception {
        auth = FakeManaAuth.start();
        auth.publish(KEY);
        Map<String, String> env = ServiceEnv.inProcess(db, java.net.URI.create("http://127.0.0.1:9"));
        env.put("MANA_AUTH_URL", auth.url().toString());
        service = RunningService.start(env);
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO mana_ai.decrypt_audit (user_id, mission_id, table_name, record_id, status, reason, ts)
                    VALUES ('alice', 'm-1', 'notes', 'n1', 'ok', NULL, '2026-04-28T10:00:00.123Z'),
                           ('alice', 'm-1', 'notes', 'n2', 'scope-violation', 'record-not-in-grant-allowlist',
                            '2026-04-28T10:00:01Z'),
                           ('alice', 'm-2', 'tasks', 't1', 'failed', 'ciphertext-tampered-or-wrong-key',
                            '2026-04-28T10:00:02Z'),
                           ('bob', 'm-1', 'notes', 'n1', 'ok', NULL, '2026-04-28T10:00:03Z')""");
        }
    }

    @AfterAll
    static void stop() {
        service.close();
        auth.close();
    }

    private static Map<String, Object> claims(String sub) {
        Map<String, Object> claims = new HashMap<>();
        if (sub != null) {
            claims.put("sub", sub);
        }
        claims.put("iss", auth.url().toString());
        claims.put("aud", "mana");
        claims.put("exp", Instant.now().getEpochSecond() + 600);
        return claims;
    }

    private static Map<String, Object> claims(String sub, String name, Object value) {
        Map<String, Object> claims = claims(sub);
        claims.put(name, value);
        return claims;
    }

    private static HttpResponse<String> audit(String query, String authorization) throws Exception {
        return service.get("/api/v1/me/ai-audit" + query,
                authorization == null ? Map.of() : Map.of("Authorization", authorization));
    }

    private static HttpResponse<String> auditAs(String user, String query) throws Exception {
        return audit(query, "Bearer " + FakeManaAuth.token(KEY, claims(user)));
    }

    private static List<String> recordIds(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        MissionSeed.JSON.readTree(response.body()).get("rows").forEach(r -> ids.add(r.get("recordId").asText()));
        return ids;
    }

    @Test
    void aUserSeesTheirOwnRowsNewestFirstInUpstreamsShape() throws Exception {
        HttpResponse<String> response = auditAs("alice", "");

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode rows = MissionSeed.JSON.readTree(response.body()).get("rows");
        assertThat(recordIds(response)).containsExactly("t1", "n2", "n1");
        JsonNode oldest = rows.get(2);
        assertThat(oldest.get("id").isTextual()).isTrue();
        assertThat(oldest.get("missionId").asText()).isEqualTo("m-1");
        assertThat(oldest.get("iterationId").isNull()).isTrue();
        assertThat(oldest.get("tableName").asText()).isEqualTo("notes");
        assertThat(oldest.get("status").asText()).isEqualTo("ok");
        assertThat(oldest.get("reason").isNull()).isTrue();
        assertThat(oldest.get("ts").asText()).isEqualTo("2026-04-28T10:00:00.123Z");
        assertThat(rows.get(1).get("reason").asText()).isEqualTo("record-not-in-grant-allowlist");
        assertThat(MissionSeed.JSON.readTree(response.body()).fieldNames()).toIterable().containsExactly("rows");
    }

    @Test
    void noTokenReadsAnotherUsersRows() throws Exception {
        assertThat(recordIds(auditAs("bob", ""))).containsExactly("n1");
        assertThat(recordIds(auditAs("bob", "?missionId=m-2"))).isEmpty();
        assertThat(recordIds(auditAs("carol", ""))).isEmpty();
        String sqlish = URLEncoder.encode("alice' OR '1'='1", StandardCharsets.UTF_8);
        assertThat(recordIds(auditAs("bob", "?missionId=" + sqlish))).isEmpty();
    }

    @Test
    void missionIdAndLimitNarrowTheRows() throws Exception {
        assertThat(recordIds(auditAs("alice", "?missionId=m-1"))).containsExactly("n2", "n1");
        assertThat(recordIds(auditAs("alice", "?missionId="))).hasSize(3);
        assertThat(recordIds(auditAs("alice", "?limit=1"))).containsExactly("t1");
        assertThat(recordIds(auditAs("alice", "?limit=2rows"))).containsExactly("t1", "n2");
        assertThat(recordIds(auditAs("alice", "?limit=0"))).containsExactly("t1");
        assertThat(recordIds(auditAs("alice", "?limit=-3"))).containsExactly("t1");
        assertThat(recordIds(auditAs("alice", "?limit=all"))).hasSize(3);
        assertThat(recordIds(auditAs("alice", "?limit=1000000"))).hasSize(3);
    }

    @Test
    void withoutABearerTokenTheAnswerIsMissingAuthorization() throws Exception {
        String token = FakeManaAuth.token(KEY, claims("alice"));
        for (String authorization : new String[] {null, "", "Basic YWxpY2U6eA==", "bearer " + token, token,
                "Bearer" + token}) {
            assertRefused(audit("", authorization), "Missing authorization header");
        }
        assertRefused(service.send("GET", "/api/v1/me/ai-audit", ServiceEnv.KEY), "Missing authorization header");
    }

    @Test
    void aHeaderIsReadAsSentNotAsAnEarlierRequestOnTheConnectionSentItInAnotherCase() throws Exception {
        String token = FakeManaAuth.token(KEY, claims("alice"));
        assertRefused(audit("", "bearer " + token), "Missing authorization header");
        // Jetty's header cache matches values ignoring case unless told otherwise: this one would read "bearer …".
        assertThat(recordIds(audit("", "Bearer " + token))).hasSize(3);
    }

    @Test
    void tokensThatAreNotValidForThisServiceAreRefused() throws Exception {
        long past = Instant.now().getEpochSecond() - 5;
        List<String> invalid = List.of(
                FakeManaAuth.token(KEY, claims("alice", "exp", past)),
                FakeManaAuth.token(KEY, claims("alice", "aud", "other-service")),
                FakeManaAuth.token(KEY, claims("alice", "iss", "https://evil.example")),
                FakeManaAuth.unsignedToken(claims("alice")),
                FakeManaAuth.token(FakeManaAuth.newKey(KEY.kid()), claims("alice")),
                FakeManaAuth.token(FakeManaAuth.newKey("unknown-kid"), claims("alice")),
                "not.a.token");
        for (String token : invalid) {
            assertRefused(audit("", "Bearer " + token), "Invalid or expired token");
        }
    }

    @Test
    void aValidTokenWithoutASubjectIsRefused() throws Exception {
        assertRefused(audit("", "Bearer " + FakeManaAuth.token(KEY, claims(null))), "Token missing subject claim");
    }

    @Test
    void aDatabaseFailureIsAnInternalError() throws Exception {
        try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
            s.execute("REVOKE SELECT ON mana_ai.decrypt_audit FROM " + db.roleName());
        }
        try {
            HttpResponse<String> response = auditAs("alice", "");
            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"error\":\"internal error\"}");
        } finally {
            try (Connection c = db.admin().getConnection(); Statement s = c.createStatement()) {
                s.execute("GRANT SELECT ON mana_ai.decrypt_audit TO " + db.roleName());
            }
        }
    }

    private static void assertRefused(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).as(message).isEqualTo(401);
        assertThat(response.body()).isEqualTo(message);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
    }
}
