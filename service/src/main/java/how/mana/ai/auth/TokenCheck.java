package how.mana.ai.auth;

/** What checking a user's bearer token came to (SPEC §17.3). */
public sealed interface TokenCheck {

    /** Signed by mana-auth, for this service, unexpired: the token's {@code sub} is the user. */
    record Verified(String userId) implements TokenCheck {
    }

    /** Valid, but without a {@code sub}: it names no user. */
    record NoSubject() implements TokenCheck {
    }

    /** Not signed by a key of mana-auth's JWKS, another issuer or audience, expired, or the keys were unreachable. */
    record Invalid() implements TokenCheck {
    }
}
