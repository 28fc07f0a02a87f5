package how.mana.ai.telemetry;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus's own checker, {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run} installs it). A
 * test that needs it fails when it is missing: a check that silently skips is no check.
 */
final class Promtool {
    private static final long LIMIT_SECONDS = 120;

    /** What one run printed (stdout and stderr together) and its exit code. */
    record Result(int exitCode, String output) {
    }

    private Promtool() {
    }

    /** Runs {@code promtool args…} in {@code directory}, with {@code stdin} (may be empty) as its input. */
    static Result run(Path directory, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(executable().toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("promtool " + String.join(" ", args) + " did not end: " + output);
        }
        return new Result(process.exitValue(), output);
    }

    private static Path executable() {
        String path = System.getenv("PATH");
        for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("promtool is not installed, and the alerting rules and the metrics exposition"
                + " cannot be checked without it: install Debian's prometheus package (apt-get update &&"
                + " apt-get install -y prometheus), as .ci/run does");
    }
}
