package how.mana.ai.resolve.grant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import how.mana.ai.demo.GrantIssuer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code enc:1:} format (SPEC §16.5): what decrypts, what passes through, and each failure's reason (§17.2). */
class EncryptedValueTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private final byte[] keyBytes = GrantIssuer.newMissionKey();

    private MissionKey key() {
        return new MissionKey(keyBytes);
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"Quittungen „Steuer“ 🧾\"", "42", "3.5", "true", "null", "[1,\"zwei\",{\"drei\":3}]",
            "{\"a\":{\"b\":[]}}", "\"\""})
    void everyJsonValueTheWebAppEncryptsDecrypts(String original) throws Exception {
        JsonNode value = json(original);
        assertThat(EncryptedValue.decrypt(NODES.textNode(GrantIssuer.encrypt(keyBytes, value)), key()))
                .isEqualTo(new EncryptedValue.Decrypted.Opened(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"plain text\"", "\"enc:v1:9f2c:Qm9v\"", "\"enc:2:AAAA.BBBB\"", "\"ENC:1:AA.BB\"", "7",
            "null", "{\"k\":\"enc:1:x.y\"}", "[\"enc:1:x.y\"]"})
    void anythingButAnEncOneStringPassesThrough(String value) throws Exception {
        assertThat(EncryptedValue.decrypt(json(value), key()))
                .isEqualTo(new EncryptedValue.Decrypted.Plain(json(value)));
    }

    @Test
    void aMissingFieldPassesThroughAsNothing() {
        assertThat(EncryptedValue.decrypt(null, key())).isEqualTo(new EncryptedValue.Decrypted.Plain(null));
    }

    @Test
    void noDotBetweenIvAndCiphertextIsMalformed() {
        String sealed = GrantIssuer.encrypt(keyBytes, "x");
        assertThat(failure(sealed.replace(".", ""))).isEqualTo(DecryptFailure.CIPHERTEXT_MALFORMED);
        assertThat(failure("enc:1:")).isEqualTo(DecryptFailure.CIPHERTEXT_MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 8, 11, 13, 16})
    void anIvThatIsNotTwelveBytesFailsToDecrypt(int ivBytes) throws Exception {
        byte[] iv = new byte[ivBytes];
        // Sealed with that IV length (GCM allows it), so only the length is wrong.
        byte[] sealed = ivBytes == 0 ? new byte[32] : seal(iv, "\"x\"");
        assertThat(failure("enc:1:" + B64.encodeToString(iv) + "." + B64.encodeToString(sealed)))
                .isEqualTo(DecryptFailure.DECRYPT_FAILED);
    }

    @Test
    void anotherKeyIsTampering() {
        String sealedForAnother = GrantIssuer.encrypt(GrantIssuer.newMissionKey(), "Geheimnis");
        assertThat(failure(sealedForAnother)).isEqualTo(DecryptFailure.CIPHERTEXT_TAMPERED_OR_WRONG_KEY);
    }

    @Test
    void aCiphertextShorterThanItsTagIsTampering() {
        assertThat(failure("enc:1:" + B64.encodeToString(new byte[12]) + "." + B64.encodeToString(new byte[5])))
                .isEqualTo(DecryptFailure.CIPHERTEXT_TAMPERED_OR_WRONG_KEY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"enc:1:AAAA-AAAAAAAAAAA.AAAA", "enc:1:AAAAAAAAAAAAAAAA.AA_A", "enc:1:AAAAAAAAAAAAAAAA.A"})
    void notBase64FailsToDecrypt(String value) {
        assertThat(failure(value)).isEqualTo(DecryptFailure.DECRYPT_FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "{\"open\":", "1 2", ""})
    void aPlaintextThatIsNotOneJsonValueFailsToDecrypt(String plaintext) throws Exception {
        byte[] iv = new byte[12];
        assertThat(failure("enc:1:" + B64.encodeToString(iv) + "." + B64.encodeToString(seal(iv, plaintext))))
                .isEqualTo(DecryptFailure.DECRYPT_FAILED);
    }

    @Test
    void aPlaintextThatIsNotUtf8FailsToDecrypt() throws Exception {
        byte[] iv = new byte[12];
        byte[] latin1 = "\"Größe\"".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(failure("enc:1:" + B64.encodeToString(iv) + "." + B64.encodeToString(seal(iv, latin1))))
                .isEqualTo(DecryptFailure.DECRYPT_FAILED);
    }

    @Test
    void aDestroyedKeyDecryptsNothing() {
        MissionKey key = key();
        key.close();
        assertThat(key.isDestroyed()).isTrue();
        assertThat(key).hasToString("MissionKey[destroyed]");
        assertThatThrownBy(key::getEncoded).isInstanceOf(IllegalStateException.class);
    }

    private DecryptFailure failure(String value) {
        EncryptedValue.Decrypted result = EncryptedValue.decrypt(NODES.textNode(value), key());
        assertThat(result).isInstanceOf(EncryptedValue.Decrypted.Failed.class);
        return ((EncryptedValue.Decrypted.Failed) result).failure();
    }

    private byte[] seal(byte[] iv, String plaintext) throws Exception {
        return seal(iv, plaintext.getBytes(StandardCharsets.UTF_8));
    }

    private byte[] seal(byte[] iv, byte[] plaintext) throws Exception {
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keyBytes, "AES"), new GCMParameterSpec(128, iv));
        return gcm.doFinal(plaintext);
    }
}
