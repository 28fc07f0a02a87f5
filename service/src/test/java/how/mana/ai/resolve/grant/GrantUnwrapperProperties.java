package how.mana.ai.resolve.grant;

import static how.mana.ai.resolve.grant.TestGrants.NOW;
import static how.mana.ai.resolve.grant.TestGrants.SERVER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.demo.GrantIssuer;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * SPEC §16.4's order: whatever combination of faults a grant has, the reason is that of the first check in the order
 * not-configured, expired, malformed (base64), wrap-rejected, malformed (length, record ids); a grant without faults
 * unwraps.
 */
class GrantUnwrapperProperties {
    /** The faults a grant can have, in the order their checks run. */
    enum Fault { NO_SERVER_KEY, EXPIRED, NOT_BASE64, WRAPPED_FOR_ANOTHER, SHORT_KEY, NO_RECORD_IDS }

    private final byte[] key = GrantIssuer.newMissionKey();

    @Property(tries = 120)
    void theFirstFailingCheckNamesTheReason(@ForAll Set<Fault> faults) {
        EnumSet<Fault> present = faults.isEmpty() ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(faults);
        ObjectNode grant = TestGrants.grant(present.contains(Fault.SHORT_KEY) ? new byte[16] : key, "m-1", "notes:n1");
        if (present.contains(Fault.EXPIRED)) {
            grant.put("expiresAt", "2026-04-28T09:00:00.000Z");
        }
        if (present.contains(Fault.WRAPPED_FOR_ANOTHER)) {
            grant.put("wrappedKey", GrantIssuer.wrap(TestGrants.OTHER.getPublic(), key));
        }
        if (present.contains(Fault.NOT_BASE64)) {
            grant.put("wrappedKey", "_" + grant.get("wrappedKey").textValue());
        }
        if (present.contains(Fault.NO_RECORD_IDS)) {
            ((ObjectNode) grant.get("derivation")).remove("recordIds");
        }
        GrantUnwrapper unwrapper = new GrantUnwrapper(
                present.contains(Fault.NO_SERVER_KEY) ? Optional.empty() : Optional.of(SERVER.getPrivate()));

        GrantUnwrap result = unwrapper.unwrap(grant, NOW);

        if (present.isEmpty()) {
            assertThat(result).isInstanceOf(GrantUnwrap.Unwrapped.class);
        } else {
            assertThat(result).isEqualTo(new GrantUnwrap.Skipped(switch (present.iterator().next()) {
                case NO_SERVER_KEY -> GrantSkip.NOT_CONFIGURED;
                case EXPIRED -> GrantSkip.EXPIRED;
                case NOT_BASE64, SHORT_KEY, NO_RECORD_IDS -> GrantSkip.MALFORMED;
                case WRAPPED_FOR_ANOTHER -> GrantSkip.WRAP_REJECTED;
            }));
        }
    }
}
