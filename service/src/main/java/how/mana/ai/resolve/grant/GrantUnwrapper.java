package how.mana.ai.resolve.grant;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.mission.IsoTime;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.NoSuchPaddingException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * Unwraps a mission's grant (SPEC §16.1, §16.4) with mana-ai's private key: the checks run in the contract's order
 * and the first that fails names the reason. Deterministic; never throws for any grant.
 */
final class GrantUnwrapper {
    /**
     * WebCrypto's RSA-OAEP with SHA-256, which mana-auth wraps with: SHA-256 for the digest <em>and</em> for MGF1, empty
     * label. The JCE's "OAEPWithSHA-256AndMGF1Padding" would use SHA-1 for MGF1 and refuse every real grant.
     */
    static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
            PSource.PSpecified.DEFAULT);

    private final Optional<PrivateKey> privateKey;

    GrantUnwrapper(Optional<PrivateKey> privateKey) {
        this.privateKey = privateKey;
    }

    /** @param grant the mission's {@code grant} object */
    GrantUnwrap unwrap(JsonNode grant, Instant now) {
        if (privateKey.isEmpty()) {
            return new GrantUnwrap.Skipped(GrantSkip.NOT_CONFIGURED);
        }
        JsonNode expiresAt = grant.get("expiresAt");
        Optional<Instant> expiry = expiresAt != null && expiresAt.isTextual()
                ? IsoTime.parse(expiresAt.textValue()) : Optional.empty();
        if (expiry.isEmpty() || expiry.get().isBefore(now)) {
            return new GrantUnwrap.Skipped(GrantSkip.EXPIRED);
        }
        JsonNode wrapped = grant.get("wrappedKey");
        Optional<byte[]> wrappedBytes = wrapped != null && wrapped.isTextual()
                ? LenientBase64.decode(wrapped.textValue()) : Optional.empty();
        if (wrappedBytes.isEmpty()) {
            return new GrantUnwrap.Skipped(GrantSkip.MALFORMED);
        }
        byte[] key;
        try {
            key = rsaOaep().doFinal(wrappedBytes.get());
        } catch (GeneralSecurityException rejected) {
            return new GrantUnwrap.Skipped(GrantSkip.WRAP_REJECTED);
        }
        try {
            Optional<Set<String>> allowList = recordIds(grant.path("derivation").get("recordIds"));
            if (key.length != MissionKey.BYTES || allowList.isEmpty()) {
                return new GrantUnwrap.Skipped(GrantSkip.MALFORMED);
            }
            return new GrantUnwrap.Unwrapped(new MissionKey(key), allowList.get());
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private Cipher rsaOaep() throws GeneralSecurityException {
        try {
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.DECRYPT_MODE, privateKey.orElseThrow(), OAEP_SHA256);
            return cipher;
        } catch (NoSuchAlgorithmException | NoSuchPaddingException e) {
            throw new IllegalStateException("every JDK ships RSA-OAEP", e);
        }
    }

    /**
     * The allow-list: an array of strings (an empty one allows nothing). Anything else is malformed; upstream's
     * mission crashes on a grant without it.
     */
    private static Optional<Set<String>> recordIds(JsonNode ids) {
        if (ids == null || !ids.isArray()) {
            return Optional.empty();
        }
        Set<String> allowList = new HashSet<>();
        for (JsonNode id : ids) {
            if (!id.isTextual()) {
                return Optional.empty();
            }
            allowList.add(id.textValue());
        }
        return Optional.of(allowList);
    }
}
