package how.mana.ai.resolve.grant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The grant metrics of SPEC §18.1: {@code mana_ai_grant_skips_total{reason}}, {@code mana_ai_decrypts_total{table}}
 * and {@code mana_ai_grant_scope_violations_total{table}} (alert on any). The {@code table} label is one of the tables
 * the web app lets a user grant, else {@code other}: a ref's table is user data, and a label of user data would let
 * one user grow the metrics without bound.
 */
final class GrantMeters {
    /** The tables of the web app's consent dialog (SPEC §16.1). */
    private static final Set<String> GRANTABLE_TABLES = Set.of("notes", "tasks", "events", "journalEntries",
            "kontextDoc");
    /** The label of every other table an input ref names. */
    private static final String OTHER_TABLE = "other";

    private final MeterRegistry registry;

    GrantMeters(MeterRegistry registry) {
        this.registry = registry;
        // Every reason and table shows from the start, at 0, so an alert on an increase has a series to look at.
        for (GrantSkip skip : GrantSkip.values()) {
            skips(skip);
        }
        for (String table : tableLabels()) {
            decrypts(table);
            scopeViolations(table);
        }
    }

    void skipped(GrantSkip skip) {
        skips(skip).increment();
    }

    void decrypted(String table, int fields) {
        decrypts(label(table)).increment(fields);
    }

    void scopeViolation(String table) {
        scopeViolations(label(table)).increment();
    }

    /** Every value the {@code table} label takes: the grantable tables and {@code other}. */
    private static SortedSet<String> tableLabels() {
        SortedSet<String> labels = new TreeSet<>(GRANTABLE_TABLES);
        labels.add(OTHER_TABLE);
        return labels;
    }

    private Counter decrypts(String tableLabel) {
        return Counter.builder("mana_ai_decrypts").description("Fields of granted records decrypted")
                .tag("table", tableLabel).register(registry);
    }

    private Counter scopeViolations(String tableLabel) {
        return Counter.builder("mana_ai_grant_scope_violations")
                .description("Inputs on an encrypted table whose record the mission's grant does not list")
                .tag("table", tableLabel).register(registry);
    }

    private Counter skips(GrantSkip skip) {
        return Counter.builder("mana_ai_grant_skips").description("Mission grants that gave no key, by reason")
                .tag("reason", skip.reason()).register(registry);
    }

    static String label(String table) {
        return GRANTABLE_TABLES.contains(table) ? table : OTHER_TABLE;
    }
}
