package how.mana.ai.testing;

import java.io.IOException;
import java.net.ServerSocket;

/** A TCP port on this machine that nobody listens on right now. */
public final class FreePort {
    private FreePort() {
    }

    public static int find() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
