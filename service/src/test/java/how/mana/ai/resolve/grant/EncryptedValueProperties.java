package how.mana.ai.resolve.grant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import how.mana.ai.demo.GrantIssuer;
import java.util.Base64;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** GCM's promise, as the audit names it: no changed bit of a sealed value ever decrypts to a value. */
class EncryptedValueProperties {
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private final byte[] keyBytes = GrantIssuer.newMissionKey();

    @Property(tries = 200)
    void anyFlippedBitIsTamperingNeverAValue(@ForAll @IntRange(min = 0, max = 10_000) int position,
                                             @ForAll @IntRange(min = 0, max = 7) int bit) {
        String sealed = GrantIssuer.encrypt(keyBytes, "Geheimnis");
        int dot = sealed.indexOf('.');
        byte[] body = Base64.getDecoder().decode(sealed.substring(dot + 1));
        body[position % body.length] ^= (byte) (1 << bit);
        assertThat(EncryptedValue.decrypt(JsonNodeFactory.instance.textNode(
                sealed.substring(0, dot + 1) + B64.encodeToString(body)), new MissionKey(keyBytes)))
                .isEqualTo(new EncryptedValue.Decrypted.Failed(DecryptFailure.CIPHERTEXT_TAMPERED_OR_WRONG_KEY));
    }
}
