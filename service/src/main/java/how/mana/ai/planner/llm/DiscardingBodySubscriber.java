package how.mana.ai.planner.llm;

import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * For error statuses only the status and headers matter: the body is not read at all (the JDK's discarding
 * subscriber would still wait for all of it), so a slow or endless error body cannot hold the request open.
 */
final class DiscardingBodySubscriber implements BodySubscriber<byte[]> {
    private static final byte[] NONE = new byte[0];

    @Override
    public CompletionStage<byte[]> getBody() {
        return CompletableFuture.completedFuture(NONE);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
    }

    @Override
    public void onError(Throwable throwable) {
    }

    @Override
    public void onComplete() {
    }
}
