package how.mana.ai.research;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * The deep-research counters of SPEC-LATEST §18.1 and the failed research calls, registered when research is wired
 * (at start), for the one provider and every call and reason, so a replica can be alerted on from its first scrape.
 */
final class ResearchMeters {
    final Counter submitted;
    final Counter completed;
    final Counter failed;
    final Counter pendingSkips;
    private final Map<CallFailed.Call, Map<CallFailed.Reason, Counter>> callFailures =
            new EnumMap<>(CallFailed.Call.class);

    ResearchMeters(MeterRegistry registry) {
        submitted = jobs(registry, "submitted", "Deep-research jobs submitted");
        completed = jobs(registry, "completed", "Deep-research jobs found completed");
        failed = jobs(registry, "failed", "Deep-research jobs found failed or cancelled");
        pendingSkips = Counter.builder("mana_ai_research_jobs_pending_skips")
                .description("Due missions not planned on a pass because their deep-research job is running")
                .register(registry);
        for (CallFailed.Call call : CallFailed.Call.values()) {
            Map<CallFailed.Reason, Counter> byReason = new EnumMap<>(CallFailed.Reason.class);
            for (CallFailed.Reason reason : CallFailed.Reason.values()) {
                byReason.put(reason, Counter.builder("mana_ai_research_call_failures")
                        .description("Research calls that gave nothing usable, by call and reason")
                        .tag("call", call.label()).tag("reason", reason.label()).register(registry));
            }
            callFailures.put(call, byReason);
        }
    }

    void callFailed(CallFailed failure) {
        callFailures.get(failure.call()).get(failure.reason()).increment();
    }

    private static Counter jobs(MeterRegistry registry, String what, String description) {
        return Counter.builder("mana_ai_research_jobs_" + what).description(description)
                .tag("provider", DeepResearchService.PROVIDER).register(registry);
    }
}
