package how.mana.ai.research;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The deep-research counters of SPEC-LATEST §18.1, registered when research is wired (at start) for the one provider. */
final class ResearchMeters {
    final Counter submitted;
    final Counter completed;
    final Counter failed;
    final Counter pendingSkips;

    ResearchMeters(MeterRegistry registry) {
        submitted = jobs(registry, "submitted", "Deep-research jobs submitted");
        completed = jobs(registry, "completed", "Deep-research jobs found completed");
        failed = jobs(registry, "failed", "Deep-research jobs found failed or cancelled");
        pendingSkips = Counter.builder("mana_ai_research_jobs_pending_skips")
                .description("Due missions not planned on a pass because their deep-research job is running")
                .register(registry);
    }

    private static Counter jobs(MeterRegistry registry, String what, String description) {
        return Counter.builder("mana_ai_research_jobs_" + what).description(description)
                .tag("provider", DeepResearchService.PROVIDER).register(registry);
    }
}
