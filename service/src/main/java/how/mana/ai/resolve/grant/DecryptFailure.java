package how.mana.ai.resolve.grant;

/** Why an {@code enc:1:} value did not decrypt, as the audit's {@code reason} names it (SPEC §17.2). */
enum DecryptFailure {
    /** No {@code .} between the IV and the ciphertext. */
    CIPHERTEXT_MALFORMED("ciphertext-malformed"),
    /** The GCM tag did not verify: the value was changed, or encrypted with another key. */
    CIPHERTEXT_TAMPERED_OR_WRONG_KEY("ciphertext-tampered-or-wrong-key"),
    /** Anything else: not base64, an IV that is not 12 bytes, a plaintext that is not UTF-8 JSON. */
    DECRYPT_FAILED("decrypt-failed");

    private final String reason;

    DecryptFailure(String reason) {
        this.reason = reason;
    }

    String reason() {
        return reason;
    }
}
