package how.mana.ai.resolve.grant;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;

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

    private final MeterRegistry registry;

    GrantMeters(MeterRegistry registry) {
        this.registry = registry;
        // Every reason shows from the start, at 0, so an alert on an increase has a series to look at.
        for (GrantSkip skip : GrantSkip.values()) {
            skips(skip);
        }
    }

    void skipped(GrantSkip skip) {
        skips(skip).increment();
    }

    void decrypted(String table, int fields) {
        Counter.builder("mana_ai_decrypts").description("Fields of granted records decrypted")
                .tag("table", label(table)).register(registry).increment(fields);
    }

    void scopeViolation(String table) {
        Counter.builder("mana_ai_grant_scope_violations")
                .description("Inputs on an encrypted table whose record the mission's grant does not list")
                .tag("table", label(table)).register(registry).increment();
    }

    private Counter skips(GrantSkip skip) {
        return Counter.builder("mana_ai_grant_skips").description("Mission grants that gave no key, by reason")
                .tag("reason", skip.reason()).register(registry);
    }

    static String label(String table) {
        return GRANTABLE_TABLES.contains(table) ? table : "other";
    }
}
