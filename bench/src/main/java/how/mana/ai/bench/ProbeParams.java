package how.mana.ai.bench;

import how.mana.ai.config.DatabaseUrl;
import java.util.Optional;

/**
 * What the parent bench process tells the service process it measures (passed as JSON in {@value #VARIABLE}, so
 * no password shows in the process list).
 *
 * @param missionRows the workload's mission rows, the numerator of the bootstrap rate
 */
record ProbeParams(Login service, Login admin, String llmUrl, long llmLatencyMs, int concurrency, int due,
                   int repeat, int newRows, int otherMultiplier, long missionRows) {
    static final String VARIABLE = "MANA_AI_BENCH_PROBE";

    /** A database login in a JSON-friendly form. */
    record Login(String jdbcUrl, String user, String password) {
        static Login of(DatabaseUrl url) {
            return new Login(url.jdbcUrl(), url.user().orElse(null), url.password().orElse(null));
        }

        DatabaseUrl toDatabaseUrl() {
            return new DatabaseUrl(jdbcUrl, Optional.ofNullable(user), Optional.ofNullable(password));
        }
    }
}
