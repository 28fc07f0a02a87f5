package how.mana.ai.httpclient;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The body of an error status, read only as far as it says why: at most {@code limit} bytes, and only what arrives
 * within the wait {@link #text} is given. The response completes at once with this subscriber, so a slow or endless
 * error body can neither hold the request open nor fill memory; what it sent in time is the provider's reason.
 */
public final class ErrorBodySubscriber implements BodySubscriber<ErrorBodySubscriber> {
    private final int limit;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private Flow.Subscription subscription;

    public ErrorBodySubscriber(int limit) {
        this.limit = limit;
    }

    @Override
    public CompletionStage<ErrorBodySubscriber> getBody() {
        return CompletableFuture.completedFuture(this);
    }

    @Override
    public synchronized void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        synchronized (this) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - bytes.size());
                byte[] chunk = new byte[take];
                buffer.get(chunk);
                bytes.writeBytes(chunk);
            }
            if (bytes.size() < limit) {
                subscription.request(1);
                return;
            }
            subscription.cancel();
        }
        done.complete(null);
    }

    @Override
    public void onError(Throwable error) {
        done.complete(null);
    }

    @Override
    public void onComplete() {
        done.complete(null);
    }

    /** What arrived of the body within {@code wait} (or until it ended), as text; the rest is never read. */
    public String text(Duration wait) throws InterruptedException {
        try {
            done.get(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException stillComing) {
            // Whatever came so far is all there is to say.
        }
        synchronized (this) {
            if (subscription != null) {
                subscription.cancel();
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
