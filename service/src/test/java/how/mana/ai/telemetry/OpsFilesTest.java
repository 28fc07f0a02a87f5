package how.mana.ai.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import how.mana.ai.testing.Repository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerting rules and the Grafana dashboard in {@code ops/}: promtool accepts the rules and their unit tests pass,
 * every dashboard query is valid PromQL, and both name only series that README documents (so a renamed metric
 * cannot leave an alert or a panel silently empty).
 */
class OpsFilesTest {
    private static final Path PROMETHEUS = Repository.root().resolve("ops/prometheus");
    private static final Path RULES = PROMETHEUS.resolve("mana-ai-alerts.yml");
    private static final Path DASHBOARD = Repository.root().resolve("ops/grafana/mana-ai-dashboard.json");
    /** A metric name in a query; label names and values are in braces or after "by", never of this shape. */
    private static final Pattern METRIC = Pattern.compile("\\bmana_ai_[a-z0-9_]+");
    private static final Pattern HISTOGRAM_PART = Pattern.compile("_(bucket|count|sum)$");

    @Test
    void promtoolAcceptsTheAlertingRules() throws Exception {
        Promtool.Result checked = Promtool.run(PROMETHEUS, "", "check", "rules", RULES.getFileName().toString());
        assertThat(checked.exitCode()).as(checked.output()).isZero();
        assertThat(checked.output()).contains("SUCCESS");
    }

    @Test
    void eachAlertFiresOnItsFailureAndNotBesideIt() throws Exception {
        Promtool.Result tested = Promtool.run(PROMETHEUS, "", "test", "rules", "mana-ai-alerts.test.yml");
        assertThat(tested.exitCode()).as(tested.output()).isZero();
        assertThat(tested.output()).contains("SUCCESS");
    }

    @Test
    void theAlertsNameOnlyDocumentedSeries() throws Exception {
        assertThat(undocumented(metricsIn(Files.readString(RULES)))).isEmpty();
    }

    @Test
    void everyDashboardQueryIsValidPromqlOnDocumentedSeries(@TempDir Path scratch) throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
        List<String> queries = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            panel.path("targets").forEach(target -> queries.add(target.path("expr").asText()));
        }
        assertThat(queries).isNotEmpty().doesNotContain("");

        // promtool checks PromQL in rule files: each query becomes a recording rule, Grafana's variables made concrete.
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            String concrete = queries.get(i).replace("$__rate_interval", "5m").replace("$job", ".*")
                    .replace("$instance", ".*");
            rules.append("      - record: dashboard:query").append(i).append('\n')
                    .append("        expr: '").append(concrete.replace("'", "''")).append("'\n");
        }
        Files.writeString(scratch.resolve("dashboard.yml"), rules);
        Promtool.Result checked = Promtool.run(scratch, "", "check", "rules", "dashboard.yml");
        assertThat(checked.exitCode()).as(checked.output() + rules).isZero();

        assertThat(undocumented(metricsIn(String.join("\n", queries)))).isEmpty();
    }

    private static Set<String> metricsIn(String text) {
        Set<String> names = new TreeSet<>();
        METRIC.matcher(text).results().forEach(m -> names.add(m.group()));
        return names;
    }

    /** The names of {@code names} that README does not document (a histogram's parts count as the histogram). */
    private static Set<String> undocumented(Set<String> names) throws Exception {
        Map<String, String> table = ReadmeMetrics.table();
        Set<String> unknown = new TreeSet<>();
        for (String name : names) {
            String histogram = HISTOGRAM_PART.matcher(name).replaceFirst("");
            boolean partOfHistogram = !histogram.equals(name) && "histogram".equals(table.get(histogram));
            if (!ReadmeMetrics.documents(table, partOfHistogram ? histogram : name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }
}
