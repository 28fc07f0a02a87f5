package how.mana.ai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/mana-ai.jar} as a child process, run by the same JDK as the tests, with only the
 * environment the test gives (none of the service's variables leak in from the build's environment). Output goes to
 * files so a chatty child can never block on a full pipe.
 */
public final class JarProcess implements AutoCloseable {
    private static final List<String> SERVICE_VARIABLE_PREFIXES = List.of("MANA_", "SYNC_", "TICK_", "PORT", "LOG_");

    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private JarProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public static JarProcess start(Map<String, String> env, String... args) throws IOException {
        String jar = System.getProperty("mana.ai.jar", "target/mana-ai.jar");
        if (!Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException(jar + " is missing: integration tests run after package");
        }
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Path stdout = Files.createTempFile("mana-ai-out", ".txt");
        Path stderr = Files.createTempFile("mana-ai-err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(k -> SERVICE_VARIABLE_PREFIXES.stream().anyMatch(k::startsWith));
        builder.environment().putAll(env);
        return new JarProcess(builder.start(), stdout, stderr);
    }

    /** Runs to the end and returns the exit code. */
    public int waitFor() throws InterruptedException, IOException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("the process did not end within 2 minutes; stderr: " + stderr());
        }
        return process.exitValue();
    }

    /** Sends SIGTERM. */
    public void terminate() {
        process.destroy();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    public String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** The operating system's id of the process, for reading {@code /proc/<pid>/status}. */
    public long pid() {
        return process.pid();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(stdout);
        Files.deleteIfExists(stderr);
    }
}
