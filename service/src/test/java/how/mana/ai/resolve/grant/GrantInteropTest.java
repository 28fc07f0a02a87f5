package how.mana.ai.resolve.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A grant and records made by other implementations (Python's {@code cryptography}, the OpenSSL CLI; see
 * {@code interop/README.md}) unwrap and decrypt here: the parameters are the ones mana-auth and the web app use, not
 * merely ones this code agrees with itself on.
 */
class GrantInteropTest {
    private static final String DIR = "interop/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant BEFORE_EXPIRY = Instant.parse("2026-05-01T00:00:00Z");

    @ParameterizedTest
    @ValueSource(strings = {"grantWrappedByPython", "grantWrappedByOpenssl"})
    void theIndependentFixtureUnwrapsAndDecrypts(String grantName) throws Exception {
        JsonNode fixture = JSON.readTree(resource("fixture.json"));
        GrantUnwrap unwrap = new GrantUnwrapper(Optional.of(serverKey())).unwrap(fixture.get(grantName), BEFORE_EXPIRY);

        assertThat(unwrap).isInstanceOf(GrantUnwrap.Unwrapped.class);
        GrantUnwrap.Unwrapped grant = (GrantUnwrap.Unwrapped) unwrap;
        assertThat(HexFormat.of().formatHex(grant.key().getEncoded())).isEqualTo(fixture.get("mdkHex").textValue())
                .as("SPEC §16.2's golden vector").isEqualTo("7538df66c51d3ddb667c0135feb4ac7c2800ba372babc7e61e9423d6a9a65628");
        assertThat(grant.allowList()).containsExactlyInAnyOrder("notes:n1", "tasks:t1");
        int fields = 0;
        for (Iterator<Map.Entry<String, JsonNode>> records = fixture.get("encryptedRecords").fields(); records.hasNext(); ) {
            Map.Entry<String, JsonNode> record = records.next();
            for (Iterator<Map.Entry<String, JsonNode>> it = record.getValue().fields(); it.hasNext(); fields++) {
                Map.Entry<String, JsonNode> field = it.next();
                assertThat(EncryptedValue.decrypt(field.getValue(), grant.key())).as(record.getKey() + "." + field.getKey())
                        .isEqualTo(new EncryptedValue.Decrypted.Opened(
                                fixture.get("plaintextRecords").get(record.getKey()).get(field.getKey())));
            }
        }
        assertThat(fields).isEqualTo(7);
    }

    private static PrivateKey serverKey() throws Exception {
        String pem = resource("server-key.pem");
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[^-]+-----", ""));
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    private static String resource(String name) throws Exception {
        try (InputStream in = GrantInteropTest.class.getResourceAsStream(DIR + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
