package how.mana.ai.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.IsoTime;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The other side of a mission key grant, for the demo and the tests: what mana-auth does (a server key pair, a mission
 * key wrapped with its public half into a {@code grant}, SPEC §16.1) and what the web app does (fields encrypted as
 * {@code enc:1:…}, §16.5). mana-ai itself never wraps nor encrypts. The OAEP parameters are spelled out here rather
 * than shared with the unwrapping code, so that one mistake cannot pass both sides; the interop fixture checks the
 * unwrapping side against other implementations.
 */
public final class GrantIssuer {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private GrantIssuer() {
    }

    /** An RSA 2048 key pair, as {@code openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048} makes one. */
    public static KeyPair newServerKeyPair() {
        try {
            KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
            rsa.initialize(2048);
            return rsa.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK ships RSA", e);
        }
    }

    /** The private key as PKCS#8 PEM, the form {@code MANA_AI_PRIVATE_KEY_PEM} takes. */
    public static String privateKeyPem(PrivateKey key) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    }

    /** A fresh 32-byte mission key. */
    public static byte[] newMissionKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return key;
    }

    /** {@code key} wrapped as mana-auth wraps it: RSA-OAEP, SHA-256 and MGF1-SHA-256, empty label; base64. */
    public static String wrap(PublicKey serverKey, byte[] key) {
        try {
            Cipher oaep = Cipher.getInstance("RSA/ECB/OAEPPadding");
            oaep.init(Cipher.ENCRYPT_MODE, serverKey, new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            return BASE64.encodeToString(oaep.doFinal(key));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA-OAEP with SHA-256", e);
        }
    }

    /** The grant mana-auth mints for {@code missionId} over {@code recordIds} ({@code "<table>:<id>"}). */
    public static ObjectNode grant(PublicKey serverKey, byte[] key, String missionId, List<String> recordIds,
                                   Instant issuedAt, Instant expiresAt) {
        ObjectNode grant = JSON.createObjectNode().put("wrappedKey", wrap(serverKey, key));
        ObjectNode derivation = grant.putObject("derivation").put("version", "v1").put("missionId", missionId);
        recordIds.stream().map(id -> id.substring(0, id.indexOf(':'))).distinct().sorted()
                .forEach(derivation.putArray("tables")::add);
        recordIds.stream().sorted().forEach(derivation.putArray("recordIds")::add);
        return grant.put("issuedAt", IsoTime.format(issuedAt)).put("expiresAt", IsoTime.format(expiresAt));
    }

    /** {@code value} encrypted as the web app encrypts a field: {@code enc:1:<iv>.<ciphertext‖tag>}. */
    public static String encrypt(byte[] key, JsonNode value) {
        byte[] iv = new byte[12];
        RANDOM.nextBytes(iv);
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] sealed = gcm.doFinal(JSON.writeValueAsBytes(value));
            return "enc:1:" + BASE64.encodeToString(iv) + "." + BASE64.encodeToString(sealed);
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("AES-GCM", e);
        }
    }

    /** A string field encrypted. */
    public static String encrypt(byte[] key, String text) {
        return encrypt(key, JSON.getNodeFactory().textNode(text));
    }
}
