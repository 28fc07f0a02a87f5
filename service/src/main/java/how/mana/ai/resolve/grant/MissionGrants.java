package how.mana.ai.resolve.grant;

import com.fasterxml.jackson.databind.JsonNode;
import how.mana.ai.mission.Mission;
import how.mana.ai.resolve.InputResolver;
import how.mana.ai.resolve.MissionResolverSource;
import how.mana.ai.resolve.MissionResolvers;
import how.mana.ai.sync.RecordHistory;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.PrivateKey;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mission key grants (SPEC §16): for each mission being planned, unwraps its {@code grant} once and hands the
 * registry resolvers for the encrypted modules that hold the key until the mission's inputs are resolved; then the
 * key is destroyed. Nothing is kept across missions. A grant that gives no key is counted by reason and logged, and
 * the mission is planned without its encrypted inputs; a mission without a grant has no encrypted inputs either.
 */
public final class MissionGrants implements MissionResolverSource {
    private static final Logger log = LoggerFactory.getLogger(MissionGrants.class);

    private final GrantUnwrapper unwrapper;
    private final GrantedRecords records;
    private final GrantMeters meters;
    private final Clock clock;

    /**
     * @param privateKey mana-ai's grant key; empty when grants are not configured
     * @param dataSource the service's pool: records are read and audit rows written in the owner's RLS scope
     */
    public MissionGrants(Optional<PrivateKey> privateKey, DataSource dataSource, RecordHistory history,
                         DecryptAudit audit, MeterRegistry registry, Clock clock) {
        this.unwrapper = new GrantUnwrapper(privateKey);
        this.meters = new GrantMeters(registry);
        this.records = new GrantedRecords(dataSource, history, audit, meters);
        this.clock = clock;
    }

    @Override
    public MissionResolvers open(Mission mission) {
        JsonNode grant = mission.record().get("grant");
        if (grant == null || grant.isNull()) {
            // No grant, or a revoked one (the web app sets it to null).
            return MissionResolvers.NONE;
        }
        GrantUnwrap unwrap = grant.isObject() ? unwrapper.unwrap(grant, clock.instant())
                : new GrantUnwrap.Skipped(GrantSkip.MALFORMED);
        return switch (unwrap) {
            case GrantUnwrap.Skipped skipped -> {
                meters.skipped(skipped.reason());
                log.atInfo().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                        .addKeyValue("reason", skipped.reason().reason())
                        .log("mission grant gave no key: planned without its encrypted inputs");
                yield MissionResolvers.NONE;
            }
            case GrantUnwrap.Unwrapped unwrapped -> new Granted(mission, unwrapped);
        };
    }

    /** The encrypted modules' resolvers of one mission, holding its key until closed. */
    private final class Granted implements MissionResolvers {
        private final Mission mission;
        private final GrantUnwrap.Unwrapped grant;

        Granted(Mission mission, GrantUnwrap.Unwrapped grant) {
            this.mission = mission;
            this.grant = grant;
        }

        @Override
        public Optional<InputResolver> forModule(String module) {
            return EncryptedModule.of(module).map(encrypted -> (userId, ref) ->
                    records.resolve(encrypted, mission.userId(), mission.id(), grant, ref));
        }

        @Override
        public void close() {
            grant.key().destroy();
        }
    }
}
