package how.mana.ai.resolve.grant;

import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.demo.GrantIssuer;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Server keys made once per test run (RSA key generation takes a while), and grants minted with them. */
final class TestGrants {
    /** mana-ai's key pair. */
    static final KeyPair SERVER = GrantIssuer.newServerKeyPair();
    /** Another service's key pair: grants wrapped for it are not for mana-ai. */
    static final KeyPair OTHER = GrantIssuer.newServerKeyPair();
    static final Instant NOW = Instant.parse("2026-04-28T10:00:00Z");

    private TestGrants() {
    }

    /** A grant for {@code missionId} over {@code recordIds}, issued now, valid a week. */
    static ObjectNode grant(byte[] key, String missionId, String... recordIds) {
        return GrantIssuer.grant(SERVER.getPublic(), key, missionId, List.of(recordIds), NOW,
                NOW.plus(Duration.ofDays(7)));
    }
}
