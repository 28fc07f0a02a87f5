package how.mana.ai.config;

import static how.mana.ai.config.ConfigInput.errorOf;
import static how.mana.ai.config.ConfigInput.parse;
import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.demo.GrantIssuer;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The grant key and the audit endpoint's token settings (SPEC §16.3, §17.3): a key that is set but cannot be used
 * stops start-up with a line naming the variable, never a silent "grants disabled", and no setting shows the key.
 */
class GrantConfigTest {
    private static final KeyPair SERVER = GrantIssuer.newServerKeyPair();
    private static final String PEM = GrantIssuer.privateKeyPem(SERVER.getPrivate());



    private static String resource(String name) throws Exception {
        try (InputStream in = GrantConfigTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void withoutAKeyGrantsAreNotConfigured() {
        assertThat(parse().grants().privateKey()).isEmpty();
        assertThat(parse("MANA_AI_PRIVATE_KEY_PEM", "  ").grants().privateKey()).isEmpty();
    }

    @Test
    void aPkcs8RsaKeyIsReadFromTheVariableOrAFile(@TempDir Path dir) throws Exception {
        assertThat(parse("MANA_AI_PRIVATE_KEY_PEM", PEM).grants().privateKey()).hasValueSatisfying(key ->
                assertThat(key.privateKey().getEncoded()).isEqualTo(SERVER.getPrivate().getEncoded()));
        Path file = Files.writeString(dir.resolve("mana-ai.pem"), PEM);
        assertThat(parse("MANA_AI_PRIVATE_KEY_FILE", file.toString()).grants().privateKey()).hasValueSatisfying(key ->
                assertThat(key.privateKey().getEncoded()).isEqualTo(SERVER.getPrivate().getEncoded()));
        // Upstream drops every armour line and all whitespace: CRLF line ends and a one-line body read the same.
        String oneLine = PEM.replace("\n", "").replace("-----BEGIN PRIVATE KEY-----", "-----BEGIN PRIVATE KEY-----\r\n");
        assertThat(parse("MANA_AI_PRIVATE_KEY_PEM", oneLine).grants().privateKey()).isPresent();
    }

    @Test
    void aPkcs1KeyIsAStartUpErrorNamingTheVariable() throws Exception {
        assertThat(errorOf("MANA_AI_PRIVATE_KEY_PEM", resource("pkcs1-rsa-key.pem")))
                .startsWith("MANA_AI_PRIVATE_KEY_PEM is not a PKCS#8 RSA private key").contains("openssl pkcs8 -topk8");
    }

    @Test
    void aKeyOfAnotherAlgorithmIsAStartUpError() throws Exception {
        assertThat(errorOf("MANA_AI_PRIVATE_KEY_PEM", resource("ec-key.pem")))
                .startsWith("MANA_AI_PRIVATE_KEY_PEM is not a PKCS#8 RSA private key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"})
    void garbageIsAStartUpErrorThatNeverEchoesTheValue(String value) {
        String error = errorOf("MANA_AI_PRIVATE_KEY_PEM", value);
        assertThat(error).startsWith("MANA_AI_PRIVATE_KEY_PEM is not a").doesNotContain(value);
    }

    @Test
    void escapedLineBreaksAreNotUnescapedButNamedInTheError() {
        String escaped = PEM.replace("\n", "\\n");
        assertThat(errorOf("MANA_AI_PRIVATE_KEY_PEM", escaped)).contains("escaped \\n")
                .doesNotContain(PEM.substring(30, 60));
    }

    @Test
    void theFileMustBeReadableAndOnlyOneOfTheTwoSet(@TempDir Path dir) throws Exception {
        assertThat(errorOf("MANA_AI_PRIVATE_KEY_FILE", dir.resolve("missing.pem").toString()))
                .startsWith("MANA_AI_PRIVATE_KEY_FILE must name a readable file");
        Path file = Files.writeString(dir.resolve("mana-ai.pem"), PEM);
        assertThat(errorOf("MANA_AI_PRIVATE_KEY_PEM", PEM, "MANA_AI_PRIVATE_KEY_FILE", file.toString()))
                .isEqualTo("set MANA_AI_PRIVATE_KEY_PEM or MANA_AI_PRIVATE_KEY_FILE, not both");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "garbage");
        assertThat(errorOf("MANA_AI_PRIVATE_KEY_FILE", garbage.toString()))
                .startsWith("MANA_AI_PRIVATE_KEY_FILE is not a");
    }

    @Test
    void theKeyNeverShowsInTheSettings() {
        Config config = parse("MANA_AI_PRIVATE_KEY_PEM", PEM);
        String body = PEM.lines().skip(1).findFirst().orElseThrow();
        assertThat(config.grants().toString()).contains("privateKey=Optional[RSA 2048 bits]").doesNotContain(body);
        assertThat(config.toString()).doesNotContain(body);
    }

    @Test
    void theTokenCheckDefaultsToLocalManaAuthAndItsKnownIssuers() {
        GrantConfig grants = parse().grants();
        assertThat(grants.jwksUrl()).isEqualTo(URI.create("http://localhost:3001/api/v1/auth/jwks"));
        assertThat(grants.acceptedIssuers()).containsExactly("https://auth.mana.how", "http://localhost:3001");
        assertThat(grants.audience()).isEqualTo("mana");
    }

    @Test
    void jwtIssuerAndManaAuthUrlAreAcceptedIssuersToo() {
        GrantConfig grants = parse("MANA_AUTH_URL", "https://auth.example.org/", "JWT_ISSUER", "https://issuer.example",
                "JWT_AUDIENCE", "mana-web").grants();
        assertThat(grants.jwksUrl()).isEqualTo(URI.create("https://auth.example.org/api/v1/auth/jwks"));
        assertThat(grants.acceptedIssuers()).containsExactly("https://issuer.example", "https://auth.example.org/",
                "https://auth.mana.how", "http://localhost:3001");
        assertThat(grants.audience()).isEqualTo("mana-web");
        assertThat(errorOf("MANA_AUTH_URL", "auth.example.org")).startsWith("MANA_AUTH_URL must be an absolute");
    }
}
