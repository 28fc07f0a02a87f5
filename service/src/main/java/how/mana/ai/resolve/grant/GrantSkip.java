package how.mana.ai.resolve.grant;

/**
 * Why a mission's grant gave no key this run (SPEC §16.4), in the order the checks run. The mission is planned all
 * the same, without its encrypted inputs; {@code mana_ai_grant_skips_total{reason}} counts each.
 */
enum GrantSkip {
    /** The mission has a grant, but this service has no private key. */
    NOT_CONFIGURED("not-configured"),
    /** {@code expiresAt} is missing, not a timestamp, or before now. */
    EXPIRED("expired"),
    /** The wrapped key is not base64, does not unwrap to 32 bytes, or the grant lists no record ids. */
    MALFORMED("malformed"),
    /** RSA-OAEP refused the wrapped key: wrapped for another key, or damaged. */
    WRAP_REJECTED("wrap-rejected");

    private final String reason;

    GrantSkip(String reason) {
        this.reason = reason;
    }

    /** The reason as metrics and logs name it. */
    String reason() {
        return reason;
    }
}
