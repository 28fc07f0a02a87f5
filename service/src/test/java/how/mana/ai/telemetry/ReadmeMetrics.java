package how.mana.ai.telemetry;

import how.mana.ai.testing.Repository;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metric table of README's "## Metrics" section: each metric's name and Prometheus type. */
final class ReadmeMetrics {
    private static final Pattern ROW = Pattern.compile("^\\| `(mana_ai_[a-z0-9_]+)` \\| (counter|gauge|histogram) \\|");
    /** The runtime's meters, which README names by prefix. */
    static final Pattern RUNTIME = Pattern.compile("mana_ai_(jvm|process|system|hikaricp)_[a-z0-9_]+");

    private ReadmeMetrics() {
    }

    /** Name → type. */
    static Map<String, String> table() throws IOException {
        Map<String, String> metrics = new TreeMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Repository.root().resolve("README.md"))) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Metrics");
            } else if (inSection) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    metrics.put(row.group(1), row.group(2));
                }
            }
        }
        if (metrics.isEmpty()) {
            throw new AssertionError("README has no metric table under ## Metrics");
        }
        return metrics;
    }

    /** Whether {@code name} is a series README documents: a metric of the table, its _max gauge, or the runtime's. */
    static boolean documents(Map<String, String> table, String name) {
        return table.containsKey(name) || RUNTIME.matcher(name).matches()
                || name.endsWith("_max") && "histogram".equals(table.get(name.substring(0, name.length() - 4)));
    }
}
