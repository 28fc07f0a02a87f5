package how.mana.ai.planner.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponseBody;
import okio.BufferedSink;

/** A response body sent one byte every 100 ms after the headers went out: a server that answers, but too slowly. */
final class DrippingBody implements MockResponseBody {
    private final byte[] bytes;

    DrippingBody(String text) {
        this.bytes = text.getBytes(StandardCharsets.UTF_8);
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
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            }
        }
    }
}
