package how.mana.ai.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The figures of a benchmark run as a Markdown table, one column per workload size. */
final class BenchReport {
    private BenchReport() {
    }

    static String markdown(BenchOptions options, List<SizeResult> results) {
        StringBuilder out = new StringBuilder();
        WorkloadSpec w = options.workload();
        out.append(String.format(Locale.ROOT, "Workload: seed %d, %d missions/user, %d rows/mission, due fraction %s,"
                        + " %d× other-app rows; LLM latency %d ms, concurrency %d, D=%d armed; %d repeats,"
                        + " %d new mission rows per steady-state tick; service heap -Xmx%s; sync_changes of"
                        + " generation %d%s%n%n",
                w.seed(), w.missionsPerUser(), w.rowsPerMission(), w.dueFraction(), w.otherMultiplier(),
                options.llmLatency().toMillis(), options.concurrency(), options.due(), options.repeat(),
                options.newRows(), options.serviceHeap(), options.generation().ordinal() + 1,
                options.missionRowIndex() ? "" : "; without the mission-row index on sync_changes"));
        out.append("| figure |");
        results.forEach(r -> out.append(' ').append(r.missionRows()).append(" mission rows |"));
        out.append("\n|---|");
        results.forEach(r -> out.append("---:|"));
        out.append('\n');
        row(out, results, "users / missions", r -> r.users() + " / " + r.missions());
        row(out, results, "other-app rows", r -> Long.toString(r.otherRows()));
        row(out, results, "load: insert s / index+analyze s",
                r -> num(r.insertSeconds()) + " / " + num(r.indexSeconds()));
        row(out, results, "1. bootstrap ms", r -> num(r.service().bootstrapMs()));
        row(out, results, "1. bootstrap mission rows/s", r -> String.format(Locale.ROOT, "%,.0f",
                r.service().bootstrapRowsPerSecond()));
        row(out, results, "due query alone median / p95 ms (due)", r -> pct(r.service().dueQuery())
                + " (" + r.service().dueQueryCount() + ")");
        row(out, results, "2. steady tick: refresh + due, median / p95 ms", r -> pct(r.service().steadyState())
                + " (" + r.service().steadyDueCount() + " due)");
        row(out, results, "2. refresh alone median / p95 ms", r -> pct(r.service().steadyRefresh()));
        row(out, results, "drain tick: D / wall ms / ideal ms", r -> tick(r.service().drainTick()));
        row(out, results, "3. planned tick: D / wall ms / ideal ms", r -> tick(r.service().plannedTick()));
        row(out, results, "3. planned tick wall / ideal", r -> num(r.service().plannedTick().ratio()) + "×");
        row(out, results, "LLM requests / max in flight", r -> r.llmRequests() + " / " + r.llmMaxInFlight());
        row(out, results, "4. heap peak MiB: bootstrap / due / drain / steady / planned", r -> String.join(" / ",
                num(r.service().bootstrapMemory().heapPeakMb()), num(r.service().dueQueryMemory().heapPeakMb()),
                num(r.service().drainTickMemory().heapPeakMb()), num(r.service().steadyMemory().heapPeakMb()),
                num(r.service().plannedTickMemory().heapPeakMb())));
        row(out, results, "4. RSS MiB at end / peak (VmHWM)", r -> num(r.service().plannedTickMemory().rssMb())
                + " / " + num(r.service().plannedTickMemory().rssPeakMb()));
        return out.toString();
    }

    private static void row(StringBuilder out, List<SizeResult> results, String label,
                            Function<SizeResult, String> cell) {
        out.append("| ").append(label).append(" |");
        results.forEach(r -> out.append(' ').append(cell.apply(r)).append(" |"));
        out.append('\n');
    }

    private static String pct(ProbeResult.Percentiles p) {
        return num(p.medianMs()) + " / " + num(p.p95Ms());
    }

    private static String tick(ProbeResult.TickFigures t) {
        return t.due() + " / " + num(t.wallMs()) + " / " + num(t.idealMs())
                + (t.errors() > 0 ? " (" + t.errors() + " errors)" : "");
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }
}
