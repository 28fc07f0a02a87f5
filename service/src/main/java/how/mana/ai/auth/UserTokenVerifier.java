package how.mana.ai.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.Ed25519Verifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the user tokens mana-auth issues (SPEC §17.3) with Nimbus JOSE+JWT (Ed25519 through Tink): an EdDSA
 * signature over Ed25519 by a key
 * of mana-auth's JWKS (fetched on first use, cached, fetched again when a token names an unknown {@code kid}, at most
 * twice in 30 s), an accepted issuer, the audience, and {@code exp} — required, and enforced to the second with no
 * clock-skew leeway (libraries allow 60 s by default). Unsigned tokens ({@code alg: none}) and every other algorithm
 * are refused. Thread-safe. The token itself is never logged.
 */
public final class UserTokenVerifier implements UserTokens {
    private static final Logger log = LoggerFactory.getLogger(UserTokenVerifier.class);

    private final JWKSource<SecurityContext> keys;
    private final Claims claims;

    /**
     * @param jwksUrl mana-auth's JWKS
     * @param issuers the accepted {@code iss} values
     * @param audience the {@code aud} a token must hold
     * @param clock the time {@code exp} and {@code nbf} are checked against
     */
    public UserTokenVerifier(URI jwksUrl, List<String> issuers, String audience, Clock clock) {
        try {
            // No refresh-ahead: it would run a background thread; an expired cache is simply fetched again.
            keys = JWKSourceBuilder.create(jwksUrl.toURL()).refreshAheadCache(false).build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("not a JWKS URL: " + jwksUrl, e);
        }
        claims = new Claims(Set.copyOf(issuers), audience, clock);
    }

    @Override
    public TokenCheck check(String token) {
        JWTClaimsSet verified;
        try {
            verified = verify(token);
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            // The reason (bad signature, expired, unreachable keys…) helps an operator; the token never appears.
            log.atInfo().addKeyValue("reason", e.getClass().getSimpleName() + ": " + e.getMessage())
                    .log("user token refused");
            return new TokenCheck.Invalid();
        }
        String subject = verified.getSubject();
        return subject == null || subject.isEmpty() ? new TokenCheck.NoSubject() : new TokenCheck.Verified(subject);
    }

    /**
     * Nimbus's ready-made JWT processor selects keys as {@code java.security.Key}s, which Ed25519 JWKs cannot become;
     * so the same steps are taken here with Nimbus's parts: parse (an unsecured token is no JWS), check the type and
     * algorithm, select the header's key from the JWKS, verify the signature with {@link Ed25519Verifier}, then the
     * claims.
     */
    private JWTClaimsSet verify(String token) throws ParseException, BadJOSEException, JOSEException {
        SignedJWT jwt = SignedJWT.parse(token);
        JWSHeader header = jwt.getHeader();
        DefaultJOSEObjectTypeVerifier.JWT.verify(header.getType(), null);
        // mana-auth signs with EdDSA over Ed25519; any other algorithm (HS256 keyed with a public key…) is refused.
        if (!JWSAlgorithm.EdDSA.equals(header.getAlgorithm())) {
            throw new BadJOSEException("JWS algorithm " + header.getAlgorithm() + " is not accepted");
        }
        List<JWK> candidates = keys.get(new JWKSelector(JWKMatcher.forJWSHeader(header)), null);
        for (JWK candidate : candidates) {
            if (candidate instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())
                    && jwt.verify(new Ed25519Verifier(okp.toPublicJWK()))) {
                JWTClaimsSet verified = jwt.getJWTClaimsSet();
                claims.verify(verified, null);
                return verified;
            }
        }
        throw new BadJOSEException(candidates.isEmpty() ? "no key of the JWKS matches the token's kid"
                : "signature does not verify");
    }

    /** Audience, required {@code exp}, no leeway, time from the clock; then the issuer, one of several. */
    private static final class Claims extends DefaultJWTClaimsVerifier<SecurityContext> {
        private final Set<String> issuers;
        private final Clock clock;

        Claims(Set<String> issuers, String audience, Clock clock) {
            super(Set.of(audience), null, Set.of("exp", "iss"), null);
            setMaxClockSkew(0);
            this.issuers = issuers;
            this.clock = clock;
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            if (!issuers.contains(claims.getIssuer())) {
                throw new BadJWTException("JWT iss claim is not an accepted issuer");
            }
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }
    }
}
