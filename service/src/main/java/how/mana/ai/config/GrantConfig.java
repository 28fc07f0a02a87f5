package how.mana.ai.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Mission key grants (SPEC §16, §17): the key that unwraps them, and how the decrypt audit endpoint checks the user's
 * token from mana-auth.
 *
 * @param privateKey empty when grants are not configured: granted inputs are then left out (reason
 *        {@code not-configured})
 * @param authUrl mana-auth's base URL: its JWKS is {@code {authUrl}/api/v1/auth/jwks}
 * @param acceptedIssuers a token's {@code iss} must be one of these
 * @param audience a token's {@code aud} must hold this
 */
public record GrantConfig(
        Optional<GrantKey> privateKey,
        URI authUrl,
        List<String> acceptedIssuers,
        String audience) {
    static final String PEM_VARIABLE = "MANA_AI_PRIVATE_KEY_PEM";
    static final String FILE_VARIABLE = "MANA_AI_PRIVATE_KEY_FILE";
    /** mana-auth's production issuer and its local development one, always accepted (as upstream). */
    private static final List<String> KNOWN_ISSUERS = List.of("https://auth.mana.how", "http://localhost:3001");

    public GrantConfig {
        acceptedIssuers = List.copyOf(acceptedIssuers);
    }

    static GrantConfig from(EnvReader r) {
        Optional<String> pem = r.raw(PEM_VARIABLE);
        Optional<Path> file = r.readableFile(FILE_VARIABLE);
        if (pem.isPresent() && file.isPresent()) {
            throw new ConfigException("set " + PEM_VARIABLE + " or " + FILE_VARIABLE + ", not both");
        }
        Optional<GrantKey> key = pem.map(p -> GrantKey.fromPem(PEM_VARIABLE, p))
                .or(() -> file.map(f -> GrantKey.fromPem(FILE_VARIABLE, read(f))));
        Optional<String> authUrlSet = r.raw("MANA_AUTH_URL");
        URI authUrl = r.httpUrl("MANA_AUTH_URL", "http://localhost:3001");
        Set<String> issuers = new LinkedHashSet<>();
        r.raw("JWT_ISSUER").ifPresent(issuers::add);
        authUrlSet.ifPresent(issuers::add);
        issuers.addAll(KNOWN_ISSUERS);
        return new GrantConfig(key, authUrl, List.copyOf(issuers), r.string("JWT_AUDIENCE", "mana"));
    }

    /** Where mana-auth publishes the keys its tokens are signed with. */
    public URI jwksUrl() {
        return URI.create(authUrl + "/api/v1/auth/jwks");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ConfigException(FILE_VARIABLE + " cannot be read as a PEM file: " + e.getClass().getSimpleName());
        }
    }
}
