package how.mana.ai.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs {@link ServiceProbe} in a child JVM with its own heap limit, on this process's JDK and class path, and reads
 * back its result. The child's logs pass through on stderr.
 */
final class ServiceProcess {
    /** Further JVM options for the service process, space-separated (a profiler, GC logging). */
    static final String JVM_OPTIONS_VARIABLE = "MANA_AI_BENCH_SERVICE_JVM_OPTIONS";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ServiceProcess() {
    }

    /**
     * A child JVM on this process's JDK and class path, with heap limit {@code maxHeap} and the options of
     * {@value #JVM_OPTIONS_VARIABLE}, running {@code mainClass} with {@code args}.
     */
    static List<String> javaCommand(String maxHeap, String mainClass, String... args) {
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + maxHeap));
        String extra = System.getenv(JVM_OPTIONS_VARIABLE);
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return command;
    }

    static ProbeResult run(ProbeParams params, String maxHeap) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(javaCommand(maxHeap, ServiceProbe.class.getName()));
        builder.environment().put(ProbeParams.VARIABLE, MAPPER.writeValueAsString(params));
        builder.environment().putIfAbsent("LOG_LEVEL", "WARN");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process process = builder.start();
        Optional<ProbeResult> result = Optional.empty();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(ServiceProbe.RESULT_PREFIX)) {
                    result = Optional.of(MAPPER.readValue(line.substring(ServiceProbe.RESULT_PREFIX.length()),
                            ProbeResult.class));
                } else {
                    System.err.println(line);
                }
            }
        }
        int exit = process.waitFor();
        if (exit != 0 || result.isEmpty()) {
            throw new IllegalStateException("the measured service process failed (exit " + exit + ")");
        }
        return result.get();
    }
}
