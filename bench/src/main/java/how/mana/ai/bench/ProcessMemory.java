package how.mana.ai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of this process as Linux reports it in {@code /proc/self/status}.
 *
 * @param rssKb  {@code VmRSS}: resident now
 * @param hwmKb  {@code VmHWM}: the highest resident size so far
 */
public record ProcessMemory(long rssKb, long hwmKb) {
    private static final Path STATUS = Path.of("/proc/self/status");

    /** This process's figures; zeros where the platform has no {@code /proc} (they are then reported as 0). */
    public static ProcessMemory current() {
        try {
            return parse(Files.readAllLines(STATUS));
        } catch (IOException e) {
            return new ProcessMemory(0, 0);
        }
    }

    static ProcessMemory parse(List<String> statusLines) {
        return new ProcessMemory(kilobytes(statusLines, "VmRSS:"), kilobytes(statusLines, "VmHWM:"));
    }

    private static long kilobytes(List<String> lines, String key) {
        for (String line : lines) {
            if (line.startsWith(key)) {
                String[] parts = line.substring(key.length()).trim().split("\\s+");
                return Long.parseLong(parts[0]);
            }
        }
        return 0;
    }
}
