package how.mana.ai.tick;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one tick did, as printed by {@code tick} and returned by {@code POST /internal/tick}. The first six keys are
 * the contract of SPEC §8; the rest are further counts.
 *
 * @param errors           one entry per mission whose planning or write failed this tick, starting
 *                         {@code mission=<id>}; plans dropped because the mission changed meanwhile are counted in
 *                         {@code superseded} instead
 * @param skippedMissions  due records that could not be read as missions (SPEC §9 shapes)
 * @param encryptedSkipped due missions whose title and objective are both ciphertext, left to the device (§21.2)
 * @param agentSkipped     per gate decision ({@code skipped-paused}, …), the missions an agent's gates held back
 * @param tokensUsed       prompt plus completion tokens the providers reported for this tick's planning runs,
 *                         failed ones included (SPEC §13.1, §21.7)
 * @param researchPending  due missions not planned this tick because their deep-research job is running (§19.2,
 *                         §21.7); not failures, their slots stay claimable
 * @param researchErrors   one entry per research call that failed this tick, starting {@code mission=<id>}, then the
 *                         call and its reason; the mission was planned without that research (or waits, for a poll)
 */
public record TickStats(
        String scannedAt,
        int dueMissionCount,
        int plansProduced,
        int plansWrittenBack,
        int parseFailures,
        List<String> errors,
        int llmFailures,
        int superseded,
        int failedIterationsWritten,
        int deferred,
        int skippedMissions,
        int encryptedSkipped,
        Map<String, Integer> agentSkipped,
        long tokensUsed,
        int researchPending,
        List<String> researchErrors,
        long rowsFolded,
        long malformedRows,
        long durationMs) {

    public TickStats {
        errors = List.copyOf(errors);
        researchErrors = List.copyOf(researchErrors);
        agentSkipped = Collections.unmodifiableMap(new TreeMap<>(agentSkipped));
    }

    /** The answer to a tick requested while another one runs. */
    public static TickStats overlapSkipped(String scannedAt) {
        return new TickStats(scannedAt, 0, 0, 0, 0, List.of("overlap-skipped"), 0, 0, 0, 0, 0, 0, Map.of(), 0, 0,
                List.of(), 0, 0, 0);
    }
}
