package how.mana.ai.mission;

import java.util.regex.Pattern;

/**
 * Recognises values the web app encrypted on the device ({@code enc:…}). Such a value must never reach the LLM,
 * also not embedded in a longer line (a resolver might format {@code "12 / 40 (enc:…)"}), so any token starting
 * {@code enc:} counts.
 */
public final class Ciphertext {
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9])enc:");

    private Ciphertext() {
    }

    public static boolean contains(String value) {
        return value != null && TOKEN.matcher(value).find();
    }
}
