package how.mana.ai.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks the {@code X-Service-Key} header against {@code MANA_SERVICE_KEY}. Both sides are hashed first and the
 * digests compared with {@link MessageDigest#isEqual}, so the time taken says nothing about how much of the key
 * matched, nor about its length. An empty configured key (allowed only explicitly) opens the guard.
 */
public final class ServiceKeyGuard {
    private final byte[] expectedDigest;

    private ServiceKeyGuard(byte[] expectedDigest) {
        this.expectedDigest = expectedDigest;
    }

    public static ServiceKeyGuard forKey(String configuredKey) {
        return new ServiceKeyGuard(configuredKey.isEmpty() ? null : sha256(configuredKey));
    }

    /** True when no key is configured and every caller is let through. */
    public boolean isOpen() {
        return expectedDigest == null;
    }

    /** Whether a request presenting {@code key} (null when the header is missing) may pass. */
    public boolean permits(String key) {
        if (expectedDigest == null) {
            return true;
        }
        return key != null && MessageDigest.isEqual(expectedDigest, sha256(key));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships SHA-256", e);
        }
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return isOpen() ? "ServiceKeyGuard[open]" : "ServiceKeyGuard[key set]";
    }
}
