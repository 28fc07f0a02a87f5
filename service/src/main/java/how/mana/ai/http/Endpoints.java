package how.mana.ai.http;

import how.mana.ai.auth.UserTokens;
import how.mana.ai.tick.TickOutcome;
import java.util.function.Supplier;

/**
 * What the HTTP routes answer with, each supplied by the composition root.
 *
 * @param metrics the Prometheus text exposition
 * @param userTokens checks the mana-auth tokens of the audit endpoint
 * @param auditRows the decrypt audit the user's own devices read
 */
public record Endpoints(
        Supplier<Health> health,
        Readiness readiness,
        Supplier<TickOutcome> tick,
        UserMissions missions,
        Supplier<String> metrics,
        UserTokens userTokens,
        AuditRows auditRows) {
}
