package how.mana.ai.planner.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** A response body sent one byte at a time after the headers went out: a server that answers, but too slowly. */
public final class DrippingBody implements MockResponseBody {
    private final byte[] bytes;
    private final Duration perByte;

    /** One byte every 100 ms. */
    DrippingBody(String text) {
        this(text, Duration.ofMillis(100));
    }

    public DrippingBody(String text, Duration perByte) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
        this.perByte = perByte;
    }

    @Override
    public long getContentLength() {
        return bytes.length;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        for (byte b : bytes) {
            sink.writeByte(b);
            sink.flush();
            try {
                Thread.sleep(perByte);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
    }
}
