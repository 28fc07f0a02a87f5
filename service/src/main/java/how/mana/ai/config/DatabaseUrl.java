package how.mana.ai.config;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * A PostgreSQL connection target, converted from the libpq URL form operators already use
 * ({@code postgresql://user:pass@host:port/db?sslmode=require}) or taken from a {@code jdbc:postgresql:} URL.
 * User and password are kept apart from the JDBC URL so they never end up in a logged URL.
 */
public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

    /** libpq parameter names that pgjdbc spells differently. */
    private static final Map<String, String> LIBPQ_TO_JDBC = Map.of(
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout");

    /** libpq's {@code target_session_attrs} values in pgjdbc's {@code targetServerType} vocabulary. */
    private static final Map<String, String> SESSION_ATTRS_TO_SERVER_TYPE = Map.of(
            "any", "any",
            "read-write", "primary",
            "primary", "primary",
            "read-only", "secondary",
            "standby", "secondary",
            "prefer-standby", "preferSecondary");

    /** A password (or the SSL key's) given inside a jdbc URL's query; masked whenever the URL is shown. */
    private static final Pattern JDBC_PASSWORD =
            Pattern.compile("([?&](?:ssl)?password=)[^&]*", Pattern.CASE_INSENSITIVE);

    public DatabaseUrl {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL");
        }
    }

    /**
     * Parses either form.
     *
     * @throws IllegalArgumentException with a message fit for an operator (it never echoes the password)
     */
    public static DatabaseUrl parse(String url) {
        String trimmed = url.trim();
        if (trimmed.startsWith("jdbc:postgresql:")) {
            return new DatabaseUrl(trimmed, Optional.empty(), Optional.empty());
        }
        String rest;
        if (trimmed.startsWith("postgresql://")) {
            rest = trimmed.substring("postgresql://".length());
        } else if (trimmed.startsWith("postgres://")) {
            rest = trimmed.substring("postgres://".length());
        } else {
            throw new IllegalArgumentException(
                    "must start with postgresql://, postgres:// or jdbc:postgresql:");
        }

        String query = "";
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = "";
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        // The password may itself contain '@' when not percent-encoded; the host part never does.
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
            int colon = userInfo.indexOf(':');
            String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
            if (!rawUser.isEmpty()) {
                user = Optional.of(decode(rawUser, "user name"));
            }
            if (colon >= 0) {
                password = Optional.of(decode(userInfo.substring(colon + 1), "password"));
            }
        }
        String hosts = rest.isEmpty() ? "localhost" : rest;
        validateHosts(hosts);
        String database = decode(path, "database name");

        Map<String, String> params = new LinkedHashMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq >= 0 ? pair.substring(0, eq) : pair, "query parameter");
                String value = eq >= 0 ? decode(pair.substring(eq + 1), "query parameter " + key) : "";
                switch (key) {
                    case "user" -> user = Optional.of(value);
                    case "password" -> password = Optional.of(value);
                    case "host" -> throw new IllegalArgumentException(
                            "the host query parameter (Unix sockets) is not supported; give host:port in the URL");
                    case "target_session_attrs" -> params.put("targetServerType", serverType(value));
                    default -> params.put(LIBPQ_TO_JDBC.getOrDefault(key, key), value);
                }
            }
        }
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hosts).append('/');
        jdbc.append(encodePathSegment(database));
        if (!params.isEmpty()) {
            StringJoiner joiner = new StringJoiner("&", "?", "");
            params.forEach((k, v) -> joiner.add(encodeQuery(k) + "=" + encodeQuery(v)));
            jdbc.append(joiner);
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    /**
     * The local PostgreSQL as administrator, for the commands and tests that create scratch databases: the URL in
     * {@code env}'s {@code variable} when set, else 127.0.0.1:5432 as the current OS user (trust auth).
     */
    public static DatabaseUrl localAdmin(Map<String, String> env, String variable) {
        String configured = env.get(variable);
        if (configured != null && !configured.isBlank()) {
            return parse(configured);
        }
        return new DatabaseUrl("jdbc:postgresql://127.0.0.1:5432/postgres",
                Optional.of(System.getProperty("user.name")), Optional.empty());
    }

    /** The same target with another database name (used to create and reach scratch databases). */
    public DatabaseUrl withDatabase(String database) {
        String prefix = "jdbc:postgresql://";
        if (!jdbcUrl.startsWith(prefix)) {
            throw new IllegalStateException("cannot swap the database of " + jdbcUrl);
        }
        String afterPrefix = jdbcUrl.substring(prefix.length());
        int slash = afterPrefix.indexOf('/');
        String hosts = slash >= 0 ? afterPrefix.substring(0, slash) : afterPrefix;
        String tail = slash >= 0 ? afterPrefix.substring(slash + 1) : "";
        int q = tail.indexOf('?');
        String query = q >= 0 ? tail.substring(q) : "";
        return new DatabaseUrl(prefix + hosts + "/" + encodePathSegment(database) + query, user, password);
    }

    public DatabaseUrl withUser(String newUser, Optional<String> newPassword) {
        return new DatabaseUrl(jdbcUrl, Optional.of(newUser), newPassword);
    }

    private static void validateHosts(String hosts) {
        for (String host : hosts.split(",")) {
            String h = host;
            if (h.startsWith("[")) {
                int close = h.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("unterminated IPv6 address in host \"" + host + "\"");
                }
                h = h.substring(close + 1);
                if (h.isEmpty()) {
                    continue;
                }
                if (!h.startsWith(":")) {
                    throw new IllegalArgumentException("bad host \"" + host + "\"");
                }
                checkPort(h.substring(1), host);
                continue;
            }
            int colon = h.indexOf(':');
            if (colon == 0 || h.isEmpty()) {
                throw new IllegalArgumentException("empty host name");
            }
            if (colon > 0) {
                checkPort(h.substring(colon + 1), host);
            }
        }
    }

    private static String serverType(String sessionAttrs) {
        String type = SESSION_ATTRS_TO_SERVER_TYPE.get(sessionAttrs);
        if (type == null) {
            throw new IllegalArgumentException("target_session_attrs must be one of "
                    + String.join(", ", new TreeSet<>(SESSION_ATTRS_TO_SERVER_TYPE.keySet()))
                    + ", got \"" + sessionAttrs + "\"");
        }
        return type;
    }

    private static void checkPort(String port, String host) {
        try {
            int p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port of host \"" + host + "\" must be 1-65535, got \"" + port + "\"");
        }
    }

    private static String decode(String s, String what) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad percent-encoding in the " + what);
        }
    }

    private static String encodePathSegment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String encodeQuery(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        String shown = JDBC_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
        return shown + user.map(u -> " (user " + u + ")").orElse("");
    }
}
