package how.mana.ai.resolve.grant;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.GCMParameterSpec;

/**
 * The web app's encrypted field values (SPEC §16.5): {@code enc:1:<base64 IV>.<base64 ciphertext‖tag>}, AES-256-GCM
 * with a 12-byte IV, a 128-bit tag and no AAD, over the UTF-8 JSON of the original value. Anything else passes
 * through unchanged. Never throws for any value: what does not decrypt is a {@link Decrypted.Failed} with its reason.
 */
final class EncryptedValue {
    static final String PREFIX = "enc:1:";
    static final int IV_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final ObjectMapper STRICT_JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EncryptedValue() {
    }

    /** What one value came to. */
    sealed interface Decrypted {
        /** Not an {@code enc:1:} value: kept as it is. */
        record Plain(JsonNode value) implements Decrypted {
        }

        /** The original value, decrypted. */
        record Opened(JsonNode value) implements Decrypted {
        }

        record Failed(DecryptFailure failure) implements Decrypted {
        }
    }

    static boolean isEncrypted(JsonNode value) {
        return value != null && value.isTextual() && value.textValue().startsWith(PREFIX);
    }

    static Decrypted decrypt(JsonNode value, MissionKey key) {
        if (!isEncrypted(value)) {
            return new Decrypted.Plain(value);
        }
        String body = value.textValue().substring(PREFIX.length());
        int dot = body.indexOf('.');
        if (dot < 0) {
            return new Decrypted.Failed(DecryptFailure.CIPHERTEXT_MALFORMED);
        }
        Optional<byte[]> iv = LenientBase64.decode(body.substring(0, dot));
        Optional<byte[]> sealed = LenientBase64.decode(body.substring(dot + 1));
        if (iv.isEmpty() || iv.get().length != IV_BYTES || sealed.isEmpty()) {
            return new Decrypted.Failed(DecryptFailure.DECRYPT_FAILED);
        }
        byte[] plaintext;
        try {
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv.get()));
            plaintext = gcm.doFinal(sealed.get());
        } catch (AEADBadTagException tampered) {
            return new Decrypted.Failed(DecryptFailure.CIPHERTEXT_TAMPERED_OR_WRONG_KEY);
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("every JDK ships AES-GCM", e);
        } catch (GeneralSecurityException e) {
            return new Decrypted.Failed(DecryptFailure.DECRYPT_FAILED);
        }
        try {
            return parsed(plaintext).<Decrypted>map(Decrypted.Opened::new)
                    .orElse(new Decrypted.Failed(DecryptFailure.DECRYPT_FAILED));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Strict UTF-8 and exactly one JSON value; anything else is not a value the web app encrypted. */
    private static Optional<JsonNode> parsed(byte[] plaintext) {
        try {
            String json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(plaintext)).toString();
            JsonNode value = STRICT_JSON.readTree(json);
            return value == null || value.isMissingNode() ? Optional.empty() : Optional.of(value);
        } catch (CharacterCodingException | JacksonException notJson) {
            return Optional.empty();
        }
    }
}
