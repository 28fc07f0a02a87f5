package how.mana.ai.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.mission.Mission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a mission's input refs with the resolver registered for each ref's {@code module} (SPEC §5), or else with
 * the mission's own resolvers ({@link MissionResolverSource}: the encrypted modules, when the mission holds a grant;
 * they are opened before its first ref and closed after its last). Refs that are not objects or name no resolver are
 * skipped silently; a resolver that throws is logged and skipped; ciphertext is dropped here, so it can never reach
 * the prompt.
 */
public final class InputResolverRegistry {
    private static final Logger log = LoggerFactory.getLogger(InputResolverRegistry.class);

    private final Map<String, InputResolver> byModule;
    private final MissionResolverSource perMission;

    /** Only resolvers that need nothing of the mission but its owner. */
    public InputResolverRegistry(Map<String, InputResolver> byModule) {
        this(byModule, MissionResolverSource.NONE);
    }

    /** @param perMission the resolvers of modules not in {@code byModule}, opened per mission */
    public InputResolverRegistry(Map<String, InputResolver> byModule, MissionResolverSource perMission) {
        this.byModule = Map.copyOf(byModule);
        this.perMission = perMission;
    }

    /** The mission's inputs as the prompt may show them, in the mission's order. Never throws. */
    public List<ResolvedInput> resolveAll(Mission mission) {
        List<ResolvedInput> resolved = new ArrayList<>();
        try (MissionResolvers own = perMission.open(mission)) {
            for (JsonNode ref : mission.inputs()) {
                if (ref instanceof ObjectNode object && object.path("module").isTextual()) {
                    String module = object.get("module").textValue();
                    Optional.ofNullable(byModule.get(module)).or(() -> own.forModule(module))
                            .flatMap(resolver -> resolve(resolver, mission, module, object))
                            .flatMap(input -> withoutCiphertext(input, mission))
                            .ifPresent(resolved::add);
                }
            }
        }
        return resolved;
    }

    private static Optional<ResolvedInput> resolve(InputResolver resolver, Mission mission, String module,
            ObjectNode ref) {
        try {
            // A resolver that breaks its contract by answering null is treated like one that found nothing.
            return Objects.requireNonNullElse(resolver.resolve(mission.userId(), ref), Optional.empty());
        } catch (Exception e) {
            log.atWarn().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                    .addKeyValue("module", module).addKeyValue("error", e.getClass().getSimpleName())
                    .log("input resolver failed, input skipped");
            log.atDebug().setCause(e).addKeyValue("mission", mission.id()).log("input resolver failure detail");
            return Optional.empty();
        }
    }

    /**
     * Drops ciphertext detail lines; an input whose identifying fields are ciphertext is dropped whole, since
     * nothing about it could be shown.
     */
    private static Optional<ResolvedInput> withoutCiphertext(ResolvedInput input, Mission mission) {
        boolean identityEncrypted = Stream.of(input.module(), input.table(), input.id(), input.title())
                .anyMatch(Ciphertext::contains);
        List<String> details = input.details().stream().filter(d -> !Ciphertext.contains(d)).toList();
        if (identityEncrypted || details.size() < input.details().size()) {
            log.atInfo().addKeyValue("user", mission.userId()).addKeyValue("mission", mission.id())
                    .addKeyValue("module", input.module()).log("ciphertext withheld from the prompt");
        }
        return identityEncrypted ? Optional.empty()
                : Optional.of(new ResolvedInput(input.module(), input.table(), input.id(), input.title(), details));
    }
}
