package how.mana.ai.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * CPU time of a process as Linux accounts it in {@code /proc/<pid>/stat}: user plus system time of all its threads,
 * in clock ticks.
 */
final class ProcessCpu {
    /**
     * The kernel's USER_HZ, the unit of {@code /proc}'s times: fixed at 100 by its ABI on x86-64 and arm64
     * ({@code getconf} reports it; ProcessCpuTest checks the two agree on the machine).
     */
    static final long TICKS_PER_SECOND = 100;
    /** utime and stime are fields 14 and 15; after the command name's closing parenthesis field 3 comes first. */
    private static final int UTIME_AFTER_NAME = 14 - 3;

    private ProcessCpu() {
    }

    /** The process's CPU ticks so far; empty when it has ended (or there is no {@code /proc}). */
    static OptionalLong ticks(long pid) {
        try {
            return OptionalLong.of(parseTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"))));
        } catch (IOException gone) {
            return OptionalLong.empty();
        }
    }

    /**
     * utime + stime of one {@code /proc/<pid>/stat} line. The command name (field 2) is in parentheses and may hold
     * spaces and parentheses itself, so the fields are counted from its last closing parenthesis.
     *
     * @throws IllegalArgumentException when the line is not of that form
     */
    static long parseTicks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: no command name in parentheses");
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        if (fields.length <= UTIME_AFTER_NAME + 1) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: " + fields.length
                    + " fields after the command name");
        }
        try {
            return Long.parseLong(fields[UTIME_AFTER_NAME]) + Long.parseLong(fields[UTIME_AFTER_NAME + 1]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line: utime or stime is not a number", e);
        }
    }
}
