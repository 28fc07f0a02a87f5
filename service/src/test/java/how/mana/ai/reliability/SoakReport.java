package how.mana.ai.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The soak's figures as plain text, for stdout and {@code target/soak-report.txt}. */
final class SoakReport {
    private SoakReport() {
    }

    static String render(Duration planned, Instant started, Instant ended, List<SoakWriter> writers,
                         SoakLlmReplies llm, List<ServiceProbe> probes, List<String> counters,
                         SoakInvariants.Result invariants, boolean snapshotEqualsRebuild, int snapshotRows) {
        StringBuilder out = new StringBuilder();
        out.append("== mana-ai soak ==\n");
        out.append("planned writing time: ").append(planned.toMinutes()).append(" min; wall time ")
                .append(Duration.between(started, ended).toSeconds()).append(" s (")
                .append(started).append(" .. ").append(ended).append(")\n");
        out.append("machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cpus, ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", java ").append(Runtime.version()).append('\n');
        out.append("writer rows: ").append(writers.stream().mapToLong(SoakWriter::rows).sum())
                .append(" (failed writes ").append(writers.stream().mapToLong(SoakWriter::failures).sum())
                .append(")\n");
        out.append("fake LLM: answered ").append(llm.answered()).append(", failed with 500 ").append(llm.failed500())
                .append(", failed with 400 ").append(llm.failed400()).append('\n');
        counters.forEach(c -> out.append("counters ").append(c).append('\n'));
        for (ServiceProbe probe : probes) {
            out.append(probe.name()).append(" RSS ").append(probe.rssSummary()).append("; heap used ")
                    .append(probe.heapSummary()).append("; flat=").append(probe.rssFlat()).append('\n');
            out.append(probe.name()).append(" samples (s, RSS MiB, heap MiB):");
            List<ServiceProbe.Sample> samples = probe.samples();
            for (ServiceProbe.Sample s : samples) {
                out.append(' ').append((s.atMillis() - samples.getFirst().atMillis()) / 1000).append('/')
                        .append(s.rssKb() / 1024).append('/').append(s.heapBytes() / (1024 * 1024));
            }
            out.append('\n');
        }
        out.append("missions: ").append(invariants.missions()).append("; slots done/failed ")
                .append(invariants.doneOrFailedSlots()).append(", superseded ").append(invariants.supersededSlots())
                .append(", pending ").append(invariants.pendingSlots()).append("; runner rows ")
                .append(invariants.runnerRows()).append("; server iterations in missions ")
                .append(invariants.serverIterations()).append('\n');
        out.append("snapshot rows ").append(snapshotRows).append(", equals rebuild: ").append(snapshotEqualsRebuild)
                .append('\n');
        out.append("invariant violations: ").append(invariants.violations().size()).append('\n');
        invariants.violations().stream().limit(50).forEach(v -> out.append("  ").append(v).append('\n'));
        return out.toString();
    }
}
