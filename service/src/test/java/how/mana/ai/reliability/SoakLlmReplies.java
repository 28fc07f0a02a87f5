package how.mana.ai.reliability;

import how.mana.ai.localllm.ChatRequest;
import how.mana.ai.testing.FakeLlm;
import how.mana.ai.testing.Reply;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The soak's LLM, as a script for the {@link FakeLlm}: a valid one-step plan after a short random delay, or, for a
 * given share of calls, a failure — half of them HTTP 500, which the client retries within the call, half HTTP 400,
 * which it does not, so the slot's own retry on a later tick is exercised too. Counts each.
 */
final class SoakLlmReplies implements Function<ChatRequest, Reply> {
    private final double failureShare;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong failed500 = new AtomicLong();
    private final AtomicLong failed400 = new AtomicLong();

    SoakLlmReplies(double failureShare) {
        this.failureShare = failureShare;
    }

    @Override
    public Reply apply(ChatRequest request) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Duration latency = Duration.ofMillis(random.nextInt(20, 200));
        double draw = random.nextDouble();
        if (draw < failureShare / 2) {
            failed500.incrementAndGet();
            return Reply.status(500).after(latency);
        }
        if (draw < failureShare) {
            failed400.incrementAndGet();
            return Reply.status(400).after(latency);
        }
        answered.incrementAndGet();
        return Reply.oneStepPlan().after(latency);
    }

    long answered() {
        return answered.get();
    }

    long failed500() {
        return failed500.get();
    }

    long failed400() {
        return failed400.get();
    }
}
