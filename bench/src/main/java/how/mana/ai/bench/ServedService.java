package how.mana.ai.bench;

import how.mana.ai.Main;
import how.mana.ai.testing.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as production runs it: {@code serve} in a child JVM of its own (this process's JDK and class path),
 * configured only through its environment, with its logs in a file. The scenarios start, stop, kill and pause it
 * as an orchestrator or a failing node would.
 */
final class ServedService implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final URI ready;
    private final Path log;

    private ServedService(String name, Process process, URI ready, Path log) {
        this.name = name;
        this.process = process;
        this.ready = ready;
        this.log = log;
    }

    /**
     * Starts {@code serve} with {@code env} (plus {@code PORT}, a free one) and heap limit {@code maxHeap}; its
     * stdout and stderr go to {@code bench-results/<name>.log}.
     */
    static ServedService start(String name, Map<String, String> env, String maxHeap) throws IOException {
        int port = FreePort.find();
        Path log = Path.of("bench-results", name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(ServiceProcess.javaCommand(maxHeap, Main.class.getName(), "serve"));
        Map<String, String> environment = new HashMap<>(env);
        environment.put("PORT", Integer.toString(port));
        environment.putIfAbsent("LOG_LEVEL", "WARN");
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ServedService(name, builder.start(), URI.create("http://127.0.0.1:" + port + "/ready"), log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until {@code GET /ready} answers 200 (HTTP up, database prepared). */
    void awaitReady(Duration limit) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (true) {
                requireAlive();
                try {
                    HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(3))
                            .GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(name + " was not ready within " + limit + " (log: " + log + ")");
                }
                Thread.sleep(POLL);
            }
        }
    }

    /** Throws when the process has ended (a start-up failure, say), naming its log. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + process.exitValue() + " (log: " + log + ")");
        }
    }

    /** SIGTERM, as an orchestrator stops it; SIGKILL when it has not ended within {@code grace}. */
    void stop(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
    }

    /** SIGKILL, as an OOM killer or a lost node ends it: no shutdown hook runs. Returns once it has ended. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGSTOP or SIGCONT: a replica that is paused (a long GC, a frozen VM) and later goes on. */
    void signal(String signal) throws IOException, InterruptedException {
        int exit = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid() + " exited with " + exit);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
