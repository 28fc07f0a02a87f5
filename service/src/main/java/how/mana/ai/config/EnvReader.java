package how.mana.ai.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Reads typed values out of an environment map. Every failure is a {@link ConfigException} whose message
 * names the variable, says what it must be and echoes what it got (never for secrets).
 */
final class EnvReader {
    private final Map<String, String> env;
    private final Set<String> namesRead = new LinkedHashSet<>();

    EnvReader(Map<String, String> env) {
        this.env = env;
    }

    /** Every variable asked for so far, set or not: what the README's configuration table must list. */
    Set<String> namesRead() {
        return Collections.unmodifiableSet(namesRead);
    }

    /** The raw value, or empty when unset or blank. */
    Optional<String> raw(String name) {
        namesRead.add(name);
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    /** Whether the variable is set to an empty or blank value, which for some variables differs from unset. */
    boolean isSetButBlank(String name) {
        namesRead.add(name);
        String v = env.get(name);
        return v != null && v.isBlank();
    }

    String string(String name, String fallback) {
        return raw(name).orElse(fallback);
    }

    int integer(String name, int fallback, int min, int max) {
        return raw(name).map(v -> parseInt(name, v, min, max)).orElse(fallback);
    }

    long longValue(String name, long fallback, long min, long max) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(v.get());
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer " + min + "-" + max + ", got " + quote(v.get()));
        }
    }

    Duration millis(String name, long fallbackMs, long minMs, long maxMs) {
        return Duration.ofMillis(longValue(name, fallbackMs, minMs, maxMs));
    }

    double decimal(String name, double fallback, double min, double max) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(v.get());
            if (!(parsed >= min && parsed <= max)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be a number " + min + "-" + max + ", got " + quote(v.get()));
        }
    }

    boolean bool(String name, boolean fallback) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new ConfigException(name + " must be true or false, got " + quote(v.get()));
        };
    }

    /** One of the constants of {@code type}, each spelt as its name in lower case; the value is case-insensitive. */
    <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback) {
        return enumValue(name, type, fallback, constant -> constant.name().toLowerCase(Locale.ROOT));
    }

    /** One of the constants of {@code type}, each spelt as {@code spelling} says; the value is case-insensitive. */
    <E extends Enum<E>> E enumValue(String name, Class<E> type, E fallback, Function<E, String> spelling) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (spelling.apply(constant).equalsIgnoreCase(v.get())) {
                return constant;
            }
        }
        StringBuilder allowed = new StringBuilder();
        for (E constant : type.getEnumConstants()) {
            allowed.append(allowed.isEmpty() ? "" : " or ").append(spelling.apply(constant));
        }
        throw new ConfigException(name + " must be " + allowed + ", got " + quote(v.get()));
    }

    ZoneId zone(String name, String fallback) {
        String v = string(name, fallback);
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new ConfigException(name + " must be an IANA time zone such as Europe/Berlin, got " + quote(v));
        }
    }

    URI httpUrl(String name, String fallback) {
        return parseHttpUrl(name, string(name, fallback));
    }

    /** An absolute http(s) URL, or empty when unset. */
    Optional<URI> optionalHttpUrl(String name) {
        return raw(name).map(v -> parseHttpUrl(name, v));
    }

    /**
     * Every set variable whose name starts with {@code prefix}, for a library that reads a family of variables
     * itself. Not recorded as read: the README documents such a family in a table of its own.
     */
    Map<String, String> family(String prefix) {
        Map<String, String> found = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(prefix) && value != null && !value.isBlank()) {
                found.put(name, value.trim());
            }
        });
        return found;
    }

    private static URI parseHttpUrl(String name, String v) {
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new URISyntaxException(v, "not an absolute http(s) URL");
            }
            // Trailing slashes would double up when the API path is appended.
            String s = uri.toString();
            while (s.endsWith("/")) {
                s = s.substring(0, s.length() - 1);
            }
            return URI.create(s);
        } catch (URISyntaxException e) {
            throw new ConfigException(name + " must be an absolute http(s) URL, got " + quote(v));
        }
    }

    DatabaseUrl databaseUrl(String name, String fallback) {
        String v = string(name, fallback);
        try {
            return DatabaseUrl.parse(v);
        } catch (IllegalArgumentException e) {
            // The value may hold a password: name the problem, never echo the URL.
            throw new ConfigException(name + " is not a valid PostgreSQL URL: " + e.getMessage());
        }
    }

    Optional<Path> readableFile(String name) {
        return raw(name).map(v -> {
            Path p = Path.of(v);
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new ConfigException(name + " must name a readable file, got " + quote(v));
            }
            return p;
        });
    }

    private static int parseInt(String name, String v, int min, int max) {
        try {
            int parsed = Integer.parseInt(v);
            if (parsed < min || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new ConfigException(name + " must be an integer " + min + "-" + max + ", got " + quote(v));
        }
    }

    static String quote(String v) {
        String shown = v.length() > 80 ? v.substring(0, 80) + "…" : v;
        return "\"" + shown + "\"";
    }
}
