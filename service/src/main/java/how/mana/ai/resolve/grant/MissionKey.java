package how.mana.ai.resolve.grant;

import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.util.Arrays;
import javax.crypto.SecretKey;

/**
 * A mission's data key (the MDK of SPEC §16.2, AES-256), unwrapped from its grant. It lives while that mission's
 * inputs are resolved and is destroyed then: its bytes are zeroed, and every later use fails. It is never put in a
 * string; {@link #toString} says only whether it is still alive. The JDK's own {@code SecretKeySpec} cannot be
 * destroyed, hence this class.
 */
final class MissionKey implements SecretKey, AutoCloseable {
    static final int BYTES = 32;
    @Serial
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private volatile boolean destroyed;

    /** Takes a copy of {@code key}; the caller zeroes its own. */
    MissionKey(byte[] key) {
        if (key.length != BYTES) {
            throw new IllegalArgumentException("a mission key has " + BYTES + " bytes");
        }
        this.bytes = key.clone();
    }

    @Override
    public String getAlgorithm() {
        return "AES";
    }

    @Override
    public String getFormat() {
        return "RAW";
    }

    /** A copy (the cipher zeroes the copies it takes once it has expanded the key). */
    @Override
    public byte[] getEncoded() {
        if (destroyed) {
            throw new IllegalStateException("the mission key was destroyed");
        }
        return bytes.clone();
    }

    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return destroyed ? "MissionKey[destroyed]" : "MissionKey[live]";
    }

    /** A key is never written out, not even by Java serialisation. */
    @Serial
    private void writeObject(ObjectOutputStream out) throws NotSerializableException {
        throw new NotSerializableException("a mission key is never serialised");
    }

    /** Only the same instance: a key is never compared by its bytes. */
    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
