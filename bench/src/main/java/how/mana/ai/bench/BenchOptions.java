package how.mana.ai.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code bench} command's options. Every option is {@code --name value}; unknown names and bad values are
 * refused with a message naming the option.
 *
 * @param sizes          mission-row counts to measure, smallest first; each sets the users for that run
 * @param newRows        mission rows arriving between two steady-state ticks (plus {@code otherMultiplier}× as many
 *                       other-app rows)
 * @param due            missions made due for the measured planning tick
 * @param missionRowIndex keep the index {@code migrate} puts on mission rows (false: drop it, to measure without)
 */
public record BenchOptions(
        WorkloadSpec workload,
        List<Long> sizes,
        Duration llmLatency,
        int concurrency,
        int due,
        int repeat,
        int newRows,
        int loaders,
        String serviceHeap,
        boolean missionRowIndex) {

    public static final String USAGE = """
            usage: bench [--users 10000] [--missions-per-user 10] [--rows-per-mission 10] [--other-multiplier 5]
                         [--due-fraction 0.01] [--llm-latency-ms 500] [--concurrency 64] [--due 1000] [--repeat 20]
                         [--new-rows 1000] [--sizes 10000,100000,1000000] [--seed 42] [--loaders 2]
                         [--service-heap 256m] [--mission-row-index true|false]
              --sizes counts mission rows; each size sets --users to size / (missions-per-user * rows-per-mission).
              Without --sizes one workload of --users users is measured.""";

    private static final Set<String> NAMES = Set.of("users", "missions-per-user", "rows-per-mission",
            "other-multiplier", "due-fraction", "llm-latency-ms", "concurrency", "due", "repeat", "new-rows", "sizes",
            "seed", "loaders", "service-heap", "mission-row-index");

    /**
     * @param anchor the instant the workload is generated at (now, for a real run)
     * @throws IllegalArgumentException naming the option at fault
     */
    public static BenchOptions parse(String[] args, Instant anchor) {
        Map<String, String> given = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !NAMES.contains(arg.substring(2))) {
                throw new IllegalArgumentException("unknown option " + arg);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            given.put(arg.substring(2), args[++i]);
        }
        Reader r = new Reader(given);
        WorkloadSpec workload = new WorkloadSpec(
                r.longValue("seed", 42),
                r.integer("users", 10_000, 1),
                r.integer("missions-per-user", 10, 1),
                r.integer("rows-per-mission", 10, 1),
                r.fraction("due-fraction", 0.01),
                r.integer("other-multiplier", 5, 0),
                anchor);
        List<Long> sizes = r.sizes("sizes", workload.missionRows());
        String heap = given.getOrDefault("service-heap", "256m");
        if (!heap.matches("[1-9][0-9]*[kmgKMG]?")) {
            throw new IllegalArgumentException("--service-heap must be a JVM size like 256m, got " + heap);
        }
        return new BenchOptions(workload, sizes,
                Duration.ofMillis(r.integer("llm-latency-ms", 500, 0)),
                r.integer("concurrency", 64, 1),
                r.integer("due", 1000, 0),
                r.integer("repeat", 20, 1),
                r.integer("new-rows", 1000, 1),
                r.integer("loaders", 2, 1),
                heap,
                r.bool("mission-row-index", true));
    }

    private record Reader(Map<String, String> given) {
        int integer(String name, int fallback, int min) {
            long v = longValue(name, fallback);
            if (v < min || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("--" + name + " must be an integer of at least " + min
                        + ", got " + given.get(name));
            }
            return (int) v;
        }

        long longValue(String name, long fallback) {
            String v = given.get(name);
            if (v == null) {
                return fallback;
            }
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be an integer, got " + v);
            }
        }

        double fraction(String name, double fallback) {
            String v = given.get(name);
            if (v == null) {
                return fallback;
            }
            try {
                double d = Double.parseDouble(v.trim());
                if (d >= 0 && d <= 1) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
            throw new IllegalArgumentException("--" + name + " must be a number between 0 and 1, got " + v);
        }

        boolean bool(String name, boolean fallback) {
            String v = given.get(name);
            if (v == null) {
                return fallback;
            }
            return switch (v.trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("--" + name + " must be true or false, got " + v);
            };
        }

        List<Long> sizes(String name, long fallback) {
            String v = given.get(name);
            if (v == null) {
                return List.of(fallback);
            }
            List<Long> sizes = new ArrayList<>();
            for (String part : v.split(",")) {
                try {
                    long size = Long.parseLong(part.trim().replace("_", ""));
                    if (size < 1) {
                        throw new NumberFormatException();
                    }
                    sizes.add(size);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("--" + name
                            + " must be a comma-separated list of positive mission-row counts, got " + v);
                }
            }
            return sizes.stream().sorted().toList();
        }
    }
}
