package how.mana.ai.config;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.testing.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's "## Configuration" section and the code name the same variables: its first table, the operator's, lists
 * exactly what {@link Config} reads, and every environment variable the sources name (the demo's, the benchmark's
 * and the tests' included) is in one of the section's tables. The OpenTelemetry SDK's own variables have a table of
 * their own.
 */
class ConfigReadmeTest {
    private static final String SECTION = "## Configuration";
    /** Variables a library reads itself: documented for operators, named in no source of ours. */
    private static final String SDK_TABLE = "### Tracing (read by the OpenTelemetry SDK)";
    /** A table row's first cell: the variable, in backticks. */
    private static final Pattern FIRST_CELL = Pattern.compile("^\\| `([^`]+)` \\|");
    /** SCREAMING_SNAKE_CASE: as a string literal in these sources, always an environment variable's name. */
    private static final Pattern VARIABLE_NAME = Pattern.compile("[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+");
    private static final Pattern VARIABLE_LITERAL = Pattern.compile("\"(" + VARIABLE_NAME + ")\"");
    private static final Path REPOSITORY = Repository.root();

    @Test
    void theOperatorTableListsExactlyTheVariablesConfigReads() {
        EnvReader reader = new EnvReader(Map.of());
        Config.from(reader);

        assertThat(tables().get(SECTION)).as("README's operator table against what Config reads")
                .containsExactlyInAnyOrderElementsOf(reader.namesRead());
    }

    @Test
    void everyVariableTheSourcesNameIsInAConfigurationTable() {
        Set<String> named = new TreeSet<>();
        named.addAll(variablesIn("service/src/main/java", line -> true));
        named.addAll(variablesIn("bench/src/main/java", line -> true));
        // Tests name variables they set for the service too; only those they read themselves are theirs.
        named.addAll(variablesIn("service/src/test/java", line -> line.contains("getenv")));
        Map<String, Set<String>> tables = tables();
        Set<String> readBySdk = tables.remove(SDK_TABLE);
        Set<String> documented = new TreeSet<>();
        tables.values().forEach(documented::addAll);

        assertThat(readBySdk).as("the OpenTelemetry SDK's variables").isNotEmpty()
                .allMatch(name -> name.startsWith("OTEL_")).doesNotContainAnyElementsOf(documented);
        assertThat(documented).as("variables in README's configuration tables").containsAll(named);
        assertThat(named).as("variables in README that no source names any more")
                .containsAll(documented.stream().filter(VARIABLE_NAME.asMatchPredicate()).toList());
    }

    /** The first-column names of each table in README's configuration section, by the heading above the table. */
    private static Map<String, Set<String>> tables() {
        Map<String, Set<String>> tables = new LinkedHashMap<>();
        String heading = null;
        for (String line : readLines(REPOSITORY.resolve("README.md"))) {
            if (line.startsWith("## ")) {
                heading = line.equals(SECTION) ? SECTION : null;
            } else if (heading != null && line.startsWith("### ")) {
                heading = line;
            } else if (heading != null) {
                Matcher cell = FIRST_CELL.matcher(line);
                if (cell.find()) {
                    tables.computeIfAbsent(heading, h -> new TreeSet<>()).add(cell.group(1));
                }
            }
        }
        assertThat(tables).as("tables under README's " + SECTION).containsKey(SECTION);
        return tables;
    }

    private static Set<String> variablesIn(String sourceRoot, Predicate<String> lineFilter) {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(REPOSITORY.resolve(sourceRoot))) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                for (String line : readLines(file)) {
                    if (lineFilter.test(line)) {
                        VARIABLE_LITERAL.matcher(line).results().forEach(m -> names.add(m.group(1)));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
