package how.mana.ai.auth;

/** Checks a user's bearer token. Never throws: whatever keeps a token from being verified makes it invalid. */
@FunctionalInterface
public interface UserTokens {
    TokenCheck check(String token);
}
