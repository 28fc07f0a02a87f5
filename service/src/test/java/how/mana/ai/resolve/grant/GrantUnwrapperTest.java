package how.mana.ai.resolve.grant;

import static how.mana.ai.resolve.grant.TestGrants.NOW;
import static how.mana.ai.resolve.grant.TestGrants.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.demo.GrantIssuer;
import java.security.spec.MGF1ParameterSpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each check of SPEC §16.4 on its own: the key it gives, or the reason it gives none. */
class GrantUnwrapperTest {
    private final byte[] key = GrantIssuer.newMissionKey();
    private final GrantUnwrapper unwrapper = new GrantUnwrapper(Optional.of(SERVER.getPrivate()));

    private ObjectNode grant() {
        return TestGrants.grant(key, "m-1", "notes:n1", "tasks:t1");
    }

    private GrantSkip skip(GrantUnwrapper with, ObjectNode grant) {
        GrantUnwrap result = with.unwrap(grant, NOW);
        assertThat(result).isInstanceOf(GrantUnwrap.Skipped.class);
        return ((GrantUnwrap.Skipped) result).reason();
    }

    private GrantSkip skip(ObjectNode grant) {
        return skip(unwrapper, grant);
    }

    @Test
    void aValidGrantGivesItsKeyAndAllowList() {
        GrantUnwrap result = unwrapper.unwrap(grant(), NOW);

        assertThat(result).isInstanceOfSatisfying(GrantUnwrap.Unwrapped.class, unwrapped -> {
            assertThat(unwrapped.key().getEncoded()).isEqualTo(key);
            assertThat(unwrapped.allowList()).containsExactlyInAnyOrder("notes:n1", "tasks:t1");
        });
    }

    @Test
    void withoutAServerKeyNoGrantIsUsable() {
        assertThat(skip(new GrantUnwrapper(Optional.empty()), grant())).isEqualTo(GrantSkip.NOT_CONFIGURED);
    }

    @Test
    void aGrantIsUsableUpToItsExpiryAndNotAfter() {
        ObjectNode grant = grant().put("expiresAt", "2026-04-28T10:00:00.000Z");
        assertThat(unwrapper.unwrap(grant, NOW)).isInstanceOf(GrantUnwrap.Unwrapped.class);
        assertThat(skip(unwrapper, grant.put("expiresAt", "2026-04-28T09:59:59.999Z"))).isEqualTo(GrantSkip.EXPIRED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "soon", "2026-13-01T00:00:00Z", "1714298400000"})
    void anUnreadableExpiryIsExpired(String expiresAt) {
        assertThat(skip(grant().put("expiresAt", expiresAt))).isEqualTo(GrantSkip.EXPIRED);
    }

    @Test
    void aMissingOrNonStringExpiryIsExpired() {
        ObjectNode missing = grant();
        missing.remove("expiresAt");
        assertThat(skip(missing)).isEqualTo(GrantSkip.EXPIRED);
        assertThat(skip(grant().put("expiresAt", 1_900_000_000_000L))).isEqualTo(GrantSkip.EXPIRED);
    }

    @Test
    void aWrappedKeyThatIsNotBase64IsMalformed() {
        ObjectNode grant = grant();
        String urlSafe = grant.get("wrappedKey").textValue().replace('+', '-').replace('/', '_');
        assertThat(skip(grant.put("wrappedKey", urlSafe + (urlSafe.contains("-") || urlSafe.contains("_") ? "" : "-"))))
                .isEqualTo(GrantSkip.MALFORMED);
        assertThat(skip(grant().put("wrappedKey", 12))).isEqualTo(GrantSkip.MALFORMED);
        ObjectNode missing = grant();
        missing.remove("wrappedKey");
        assertThat(skip(missing)).isEqualTo(GrantSkip.MALFORMED);
    }

    @Test
    void aWrappedKeyInBrowserLenientBase64Unwraps() {
        ObjectNode grant = grant();
        String wrapped = grant.get("wrappedKey").textValue();
        String lenient = " " + wrapped.replace("=", "").substring(0, 100) + "\n" + wrapped.replace("=", "").substring(100);
        assertThat(unwrapper.unwrap(grant.put("wrappedKey", lenient), NOW)).isInstanceOf(GrantUnwrap.Unwrapped.class);
    }

    @Test
    void aGrantWrappedForAnotherKeyIsRejected() {
        ObjectNode forOther = GrantIssuer.grant(TestGrants.OTHER.getPublic(), key, "m-1",
                List.of("notes:n1"), NOW, NOW.plus(Duration.ofDays(1)));
        assertThat(skip(forOther)).isEqualTo(GrantSkip.WRAP_REJECTED);
    }

    @Test
    void damagedOrTruncatedWrappedKeysAreRejected() {
        byte[] wrapped = Base64.getDecoder().decode(grant().get("wrappedKey").textValue());
        wrapped[40] ^= 1;
        assertThat(skip(grant().put("wrappedKey", Base64.getEncoder().encodeToString(wrapped))))
                .isEqualTo(GrantSkip.WRAP_REJECTED);
        assertThat(skip(grant().put("wrappedKey", "AAAA"))).isEqualTo(GrantSkip.WRAP_REJECTED);
        assertThat(skip(grant().put("wrappedKey", ""))).isEqualTo(GrantSkip.WRAP_REJECTED);
    }

    @Test
    void aKeyWrappedWithSha1ForMgf1AsTheJceDefaultWouldIsRejected() throws Exception {
        Cipher sha1Mgf = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
        sha1Mgf.init(Cipher.ENCRYPT_MODE, SERVER.getPublic());
        String wrapped = Base64.getEncoder().encodeToString(sha1Mgf.doFinal(key));
        assertThat(skip(grant().put("wrappedKey", wrapped))).isEqualTo(GrantSkip.WRAP_REJECTED);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 16, 31, 33, 64})
    void anUnwrappedKeyThatIsNotThirtyTwoBytesIsMalformed(int bytes) {
        ObjectNode grant = grant().put("wrappedKey", GrantIssuer.wrap(SERVER.getPublic(), new byte[bytes]));
        assertThat(skip(grant)).isEqualTo(GrantSkip.MALFORMED);
    }

    @Test
    void aGrantWithoutUsableRecordIdsIsMalformed() {
        ObjectNode noIds = grant();
        ((ObjectNode) noIds.get("derivation")).remove("recordIds");
        assertThat(skip(noIds)).isEqualTo(GrantSkip.MALFORMED);
        ObjectNode noDerivation = grant();
        noDerivation.remove("derivation");
        assertThat(skip(noDerivation)).isEqualTo(GrantSkip.MALFORMED);
        ObjectNode numbers = grant();
        ((ObjectNode) numbers.get("derivation")).putArray("recordIds").add("notes:n1").add(7);
        assertThat(skip(numbers)).isEqualTo(GrantSkip.MALFORMED);
        ObjectNode text = grant();
        ((ObjectNode) text.get("derivation")).put("recordIds", "notes:n1");
        assertThat(skip(text)).isEqualTo(GrantSkip.MALFORMED);
    }

    @Test
    void anEmptyAllowListUnwrapsButAllowsNothing() {
        ObjectNode grant = grant();
        ((ObjectNode) grant.get("derivation")).putArray("recordIds");
        assertThat(unwrapper.unwrap(grant, NOW)).isInstanceOfSatisfying(GrantUnwrap.Unwrapped.class,
                unwrapped -> assertThat(unwrapped.allowList()).isEmpty());
    }

    @Test
    void theOaepParametersAreSha256ForTheDigestAndForMgf1() {
        OAEPParameterSpec spec = GrantUnwrapper.OAEP_SHA256;
        assertThat(spec.getDigestAlgorithm()).isEqualTo("SHA-256");
        assertThat(((MGF1ParameterSpec) spec.getMGFParameters()).getDigestAlgorithm()).isEqualTo("SHA-256");
        assertThat(spec.getPSource()).isEqualTo(PSource.PSpecified.DEFAULT);
    }
}
