package how.mana.ai.httpclient;

import java.net.http.HttpResponse;

/**
 * The body handler of every outgoing call (the LLM, the research services): a 2xx body is collected up to a limit
 * ({@link BoundedBodySubscriber}), any other status gets an {@link ErrorBodySubscriber}, so the call returns at the
 * headers and reads of the error body only as much as the caller asks for. The caller tells the two apart by the
 * body's type: {@code byte[]} or {@link ErrorBodySubscriber}.
 */
public final class BoundedBodies {
    private BoundedBodies() {
    }

    public static HttpResponse.BodyHandler<Object> handler(int maxBodyBytes, int maxErrorBodyBytes) {
        return info -> info.statusCode() / 100 == 2
                ? mapped(new BoundedBodySubscriber(maxBodyBytes))
                : mapped(new ErrorBodySubscriber(maxErrorBodyBytes));
    }

    /** Whether {@code error}, or one of its causes, is a body refused for its size. */
    public static boolean tooLarge(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BoundedBodySubscriber.TooLarge) {
                return true;
            }
        }
        return false;
    }

    /** Either body subscriber behind one handler type. */
    private static <T> HttpResponse.BodySubscriber<Object> mapped(HttpResponse.BodySubscriber<T> subscriber) {
        return HttpResponse.BodySubscribers.mapping(subscriber, body -> body);
    }
}
