package how.mana.ai.resolve.grant;

import java.util.Optional;

/**
 * Base64 as the browser's {@code atob} reads it (WHATWG forgiving-base64 decode), because the grants and values this
 * package reads were encoded in the browser and by mana-auth for it: the standard alphabet only ({@code -} and
 * {@code _} are refused), ASCII whitespace ignored, the {@code =} padding optional, left-over bits ignored. Pure.
 */
final class LenientBase64 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private LenientBase64() {
    }

    /** The decoded bytes, or empty when {@code atob} would throw. */
    static Optional<byte[]> decode(String text) {
        StringBuilder data = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isAsciiWhitespace(c)) {
                data.append(c);
            }
        }
        int length = data.length();
        if (length % 4 == 0 && length > 0 && data.charAt(length - 1) == '=') {
            length -= length >= 2 && data.charAt(length - 2) == '=' ? 2 : 1;
        }
        if (length % 4 == 1) {
            return Optional.empty();
        }
        byte[] out = new byte[length * 3 / 4];
        int buffer = 0;
        int bits = 0;
        int written = 0;
        for (int i = 0; i < length; i++) {
            int sextet = ALPHABET.indexOf(data.charAt(i));
            if (sextet < 0) {
                return Optional.empty();
            }
            buffer = (buffer << 6) | sextet;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[written++] = (byte) (buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        return Optional.of(out);
    }

    /** Tab, line feed, form feed, carriage return and space: what {@code atob} strips. */
    private static boolean isAsciiWhitespace(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
    }
}
