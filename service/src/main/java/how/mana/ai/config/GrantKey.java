package how.mana.ai.config;

import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * mana-ai's RSA private key for mission key grants (SPEC §16.3): mana-auth wraps each mission's key with the public
 * half. A secret: {@link #toString} shows only the key size, so no log line or message can print it.
 */
public record GrantKey(RSAPrivateCrtKey privateKey) {
    /** {@code -----BEGIN …-----} and {@code -----END …-----} lines, removed whatever their label (as upstream). */
    private static final Pattern ARMOUR = Pattern.compile("-----(BEGIN|END)[^\\n]*-----");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /**
     * Reads a PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}) holding an RSA key. Every armour line and all
     * whitespace is dropped and the rest base64-decoded, as upstream does; escaped {@code \n} sequences are not
     * unescaped.
     *
     * @param variable the variable the PEM came from, for the message
     * @throws ConfigException naming {@code variable}, never echoing the value
     */
    static GrantKey fromPem(String variable, String pem) {
        String body = WHITESPACE.matcher(ARMOUR.matcher(pem).replaceAll("")).replaceAll("");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(variable + " is not a PEM private key: its body is not base64"
                    + (pem.contains("\\n") ? " (it holds escaped \\n sequences: write real line breaks, or use"
                    + " MANA_AI_PRIVATE_KEY_FILE)" : ""));
        }
        try {
            if (KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der))
                    instanceof RSAPrivateCrtKey rsa) {
                return new GrantKey(rsa);
            }
            throw new InvalidKeySpecException("not an RSA private key with CRT parameters");
        } catch (InvalidKeySpecException e) {
            throw new ConfigException(variable + " is not a PKCS#8 RSA private key (-----BEGIN PRIVATE KEY-----;"
                    + " convert a PKCS#1 key with `openssl pkcs8 -topk8 -nocrypt`)");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK ships RSA", e);
        } finally {
            Arrays.fill(der, (byte) 0);
        }
    }

    /** The modulus size in bits; never the key. */
    public int bits() {
        return privateKey.getModulus().bitLength();
    }

    @Override
    public String toString() {
        return "RSA " + bits() + " bits";
    }
}
