package how.mana.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layout the code promises (DESIGN.md): the service's packages form no cycle, the mission domain depends on no
 * other package, and each table of {@code mana_ai} is named in the code of the one package that owns it.
 */
class PackageGraphTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "how.mana.ai";
    private static final Pattern REFERENCE = Pattern.compile("\\bhow\\.mana\\.ai((?:\\.[a-z]\\w*)*)\\.[A-Z]");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*");
    /** Each table (and definer function) of the mana_ai schema, and the package whose code alone names it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("run_slots", "runs"),
            Map.entry("agent_decisions", "runs"),
            Map.entry("token_usage", "budget"),
            Map.entry("decrypt_audit", "resolve.grant"),
            Map.entry("mission_research_jobs", "research"),
            Map.entry("mission_snapshots", "projection"),
            Map.entry("mission_fields", "projection"),
            Map.entry("mission_changes", "projection"),
            Map.entry("agent_snapshots", "projection"),
            Map.entry("agent_fields", "projection"),
            Map.entry("projection_cursor", "projection"),
            Map.entry("skipped_rows", "projection"),
            Map.entry("record_kinds", "projection"),
            Map.entry("define_record_views", "projection"),
            Map.entry("visibility_horizon", "projection"));

    private static final Map<String, Set<String>> uses = new TreeMap<>();
    private static final Map<String, String> code = new HashMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                String text = COMMENT.matcher(read(file)).replaceAll("");
                code.merge(pkg, text, String::concat);
                Set<String> used = uses.computeIfAbsent(pkg, p -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(text);
                while (m.find()) {
                    String target = ROOT + m.group(1);
                    if (!target.equals(pkg)) {
                        used.add(target);
                    }
                }
            });
        }
    }

    @Test
    void theServicePackagesFormNoCycle() {
        assertThat(uses).containsKeys(ROOT + ".mission", ROOT + ".sync", ROOT + ".projection", ROOT + ".tick");
        assertThat(cycles()).as("package cycles").isEmpty();
    }

    @Test
    void theMissionDomainDependsOnNoOtherPackage() {
        assertThat(uses.get(ROOT + ".mission")).isEmpty();
    }

    @Test
    void eachTableIsNamedOnlyInItsOwnersCode() {
        OWNERS.forEach((table, owner) -> {
            Pattern named = Pattern.compile("\\bmana_ai\\." + table + "\\b|\\b" + table + "\\b");
            List<String> namers = code.entrySet().stream().filter(e -> named.matcher(e.getValue()).find())
                    .map(Map.Entry::getKey).sorted().toList();
            assertThat(namers).as(table).allMatch(pkg -> pkg.equals(ROOT + "." + owner));
        });
    }

    /** Strongly connected groups of more than one package (Tarjan). */
    private static List<Set<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> found = new ArrayList<>();
        for (String pkg : uses.keySet()) {
            if (!index.containsKey(pkg)) {
                connect(pkg, index, low, stack, onStack, found);
            }
        }
        return found;
    }

    private static void connect(String pkg, Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
                                Set<String> onStack, List<Set<String>> found) {
        index.put(pkg, index.size());
        low.put(pkg, index.get(pkg));
        stack.push(pkg);
        onStack.add(pkg);
        for (String next : uses.getOrDefault(pkg, Set.of())) {
            if (!uses.containsKey(next)) {
                continue;
            }
            if (!index.containsKey(next)) {
                connect(next, index, low, stack, onStack, found);
                low.put(pkg, Math.min(low.get(pkg), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(pkg, Math.min(low.get(pkg), index.get(next)));
            }
        }
        if (low.get(pkg).equals(index.get(pkg))) {
            Set<String> group = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                group.add(member);
            } while (!member.equals(pkg));
            if (group.size() > 1) {
                found.add(group);
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
