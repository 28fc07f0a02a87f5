package how.mana.ai.auth;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.testing.FakeManaAuth;
import how.mana.ai.testing.FakeManaAuth.SigningKey;
import how.mana.ai.testing.LogCapture;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * mana-auth's tokens checked against a real JWKS server with keys and signatures made by the JDK's own Ed25519: only
 * a token signed by a published key, from an accepted issuer, for the audience and unexpired to the second names a
 * user (SPEC §17.3).
 */
class UserTokenVerifierTest {
    private static final Instant NOW = Instant.parse("2026-04-28T10:00:00Z");
    private static final String ISSUER = "https://auth.mana.how";
    private static final List<String> ISSUERS = List.of("https://issuer.example", ISSUER, "http://localhost:3001");

    private final SigningKey key = FakeManaAuth.newKey("key-1");
    private FakeManaAuth auth;
    private UserTokenVerifier verifier;

    @BeforeEach
    void startManaAuth() throws Exception {
        auth = FakeManaAuth.start();
        auth.publish(key);
        verifier = new UserTokenVerifier(auth.jwksUrl(), ISSUERS, "mana", Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stopManaAuth() {
        auth.close();
    }

    /** The claims of a valid token for {@code user-1}: issued a minute ago, expiring in fifteen. */
    private static Map<String, Object> claims() {
        Map<String, Object> claims = new HashMap<>();
        claims.put("sub", "user-1");
        claims.put("iss", ISSUER);
        claims.put("aud", "mana");
        claims.put("iat", NOW.getEpochSecond() - 60);
        claims.put("exp", NOW.getEpochSecond() + 900);
        claims.put("email", "user@example.org");
        return claims;
    }

    private static Map<String, Object> claimsWith(String name, Object value) {
        Map<String, Object> claims = claims();
        if (value == null) {
            claims.remove(name);
        } else {
            claims.put(name, value);
        }
        return claims;
    }

    private TokenCheck check(Map<String, Object> claims) {
        return verifier.check(FakeManaAuth.token(key, claims));
    }

    @Test
    void anEd25519TokenFromManaAuthNamesItsSubject() {
        assertThat(check(claims())).isEqualTo(new TokenCheck.Verified("user-1"));
        assertThat(verifier.check(FakeManaAuth.token(key, Map.of("alg", "EdDSA", "kid", "key-1"), claims())))
                .as("without typ").isEqualTo(new TokenCheck.Verified("user-1"));
        assertThat(verifier.check(FakeManaAuth.token(key, Map.of("alg", "EdDSA", "kid", "key-1", "typ", "JOSE+JSON"),
                claims()))).as("another typ").isEqualTo(new TokenCheck.Invalid());
    }

    @Test
    void expiryIsEnforcedToTheSecondWithoutLeeway() {
        assertThat(check(claimsWith("exp", NOW.getEpochSecond() + 1))).isInstanceOf(TokenCheck.Verified.class);
        assertThat(check(claimsWith("exp", NOW.getEpochSecond()))).isEqualTo(new TokenCheck.Invalid());
        // Within the 60 s that libraries allow by default: still expired here.
        assertThat(check(claimsWith("exp", NOW.getEpochSecond() - 30))).isEqualTo(new TokenCheck.Invalid());
        assertThat(check(claimsWith("exp", null))).isEqualTo(new TokenCheck.Invalid());
        assertThat(check(claimsWith("nbf", NOW.getEpochSecond() + 30))).isEqualTo(new TokenCheck.Invalid());
    }

    @Test
    void theAudienceMustBeMana() {
        assertThat(check(claimsWith("aud", "other-service"))).isEqualTo(new TokenCheck.Invalid());
        assertThat(check(claimsWith("aud", null))).isEqualTo(new TokenCheck.Invalid());
        assertThat(check(claimsWith("aud", List.of("other", "mana")))).isInstanceOf(TokenCheck.Verified.class);
    }

    @Test
    void theIssuerMustBeAnAcceptedOne() {
        for (String issuer : ISSUERS) {
            assertThat(check(claimsWith("iss", issuer))).as(issuer).isInstanceOf(TokenCheck.Verified.class);
        }
        assertThat(check(claimsWith("iss", "https://evil.example"))).isEqualTo(new TokenCheck.Invalid());
        assertThat(check(claimsWith("iss", ISSUER + "/"))).isEqualTo(new TokenCheck.Invalid());
        assertThat(check(claimsWith("iss", null))).isEqualTo(new TokenCheck.Invalid());
    }

    @Test
    void anUnsignedTokenIsRefused() {
        assertThat(verifier.check(FakeManaAuth.unsignedToken(claims()))).isEqualTo(new TokenCheck.Invalid());
    }

    @Test
    void aTokenSignedByAnotherKeyUnderAPublishedKidIsRefused() {
        SigningKey impostor = FakeManaAuth.newKey("key-1");
        assertThat(verifier.check(FakeManaAuth.token(impostor, claims()))).isEqualTo(new TokenCheck.Invalid());
        String genuine = FakeManaAuth.token(key, claims());
        String[] parts = genuine.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"user-2\",\"iss\":\"https://auth.mana.how\",\"aud\":\"mana\",\"exp\":9999999999}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(verifier.check(parts[0] + "." + otherPayload + "." + parts[2])).isEqualTo(new TokenCheck.Invalid());
    }

    @Test
    void anHmacTokenKeyedWithThePublicKeyIsRefused() throws Exception {
        String header = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"alg\":\"HS256\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8));
        String payload = FakeManaAuth.token(key, claims()).split("\\.")[1];
        Mac hmac = Mac.getInstance("HmacSHA256");
        hmac.init(new SecretKeySpec(key.pair().getPublic().getEncoded(), "HmacSHA256"));
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII)));
        assertThat(verifier.check(header + "." + payload + "." + signature)).isEqualTo(new TokenCheck.Invalid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "user-1"})
    void aValidTokenWithoutASubjectNamesNoUser(String emptyOrNot) {
        assertThat(check(claimsWith("sub", null))).isEqualTo(new TokenCheck.NoSubject());
        assertThat(check(claimsWith("sub", emptyOrNot))).isEqualTo(
                emptyOrNot.isEmpty() ? new TokenCheck.NoSubject() : new TokenCheck.Verified(emptyOrNot));
    }

    @Test
    void keysAreCachedAndFetchedAgainForAnUnknownKid() {
        assertThat(check(claims())).isInstanceOf(TokenCheck.Verified.class);
        assertThat(check(claims())).isInstanceOf(TokenCheck.Verified.class);
        assertThat(auth.fetches()).isEqualTo(1);

        SigningKey rotated = FakeManaAuth.newKey("key-2");
        auth.publish(key, rotated);
        assertThat(verifier.check(FakeManaAuth.token(rotated, claims()))).isEqualTo(new TokenCheck.Verified("user-1"));
        assertThat(auth.fetches()).isEqualTo(2);
    }

    @Test
    void unreachableKeysMakeEveryTokenInvalid() {
        auth.close();
        assertThat(check(claims())).isEqualTo(new TokenCheck.Invalid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-token", "a.b.c", "....", "eyJhbGciOiJFZERTQSJ9.e30"})
    void garbageIsInvalid(String token) {
        assertThat(verifier.check(token)).isEqualTo(new TokenCheck.Invalid());
    }

    @Test
    void noTokenEverReachesTheLog() {
        String expired = FakeManaAuth.token(key, claimsWith("exp", NOW.getEpochSecond() - 1));
        String valid = FakeManaAuth.token(key, claims());
        try (LogCapture logs = new LogCapture()) {
            verifier.check(expired);
            verifier.check(valid);
            verifier.check(FakeManaAuth.unsignedToken(claims()));
            assertThat(logs.lines()).isNotEmpty().allSatisfy(line -> assertThat(line)
                    .doesNotContain(expired.split("\\.")[2]).doesNotContain(valid.split("\\.")[2])
                    .doesNotContain(valid.split("\\.")[1]).doesNotContain("user@example.org"));
        }
    }
}
