package how.mana.ai.resolve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.WithUser;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Resolves {@code goals} inputs: the goal record of the companion app (table and id from the ref), folded from the
 * owner's rows only, shown as its title and the progress line {@code <current> / <target> (<period>)} (SPEC §9).
 */
public final class GoalsResolver implements InputResolver {
    public static final String MODULE = "goals";
    private static final String APP = "companion";

    private final DataSource dataSource;
    private final RecordHistory history;
    private final PromptLocale locale;

    public GoalsResolver(DataSource dataSource, RecordHistory history, PromptLocale locale) {
        this.dataSource = dataSource;
        this.history = history;
        this.locale = locale;
    }

    /** @throws IllegalArgumentException when the ref lacks a string {@code table} or {@code id} */
    @Override
    public Optional<ResolvedInput> resolve(String userId, ObjectNode ref) throws Exception {
        String table = required(ref, "table");
        String id = required(ref, "id");
        Optional<FoldedRecord> goal = WithUser.run(dataSource, userId,
                c -> history.read(c, userId, APP, table, id));
        return goal.filter(g -> !g.deleted()).map(g -> new ResolvedInput(MODULE, table, id,
                text(g.record().get("title")).orElse(""), List.of(progress(g.record()))));
    }

    String progress(JsonNode goal) {
        String current = number(goal.get("currentValue")).orElse("0");
        String target = number(goal.path("target").get("value")).orElse("?");
        String period = text(goal.get("period")).orElse(locale == PromptLocale.DE ? "unbekannt" : "unknown");
        return current + " / " + target + " (" + period + ")";
    }

    /** A JSON number as it reads: 12 and 12.0 print as 12, 12.5 as 12.5. */
    private static Optional<String> number(JsonNode node) {
        return node != null && node.isNumber()
                ? Optional.of(node.decimalValue().stripTrailingZeros().toPlainString()) : Optional.empty();
    }

    private static Optional<String> text(JsonNode node) {
        return node != null && node.isTextual() ? Optional.of(node.textValue()) : Optional.empty();
    }

    private static String required(ObjectNode ref, String field) {
        return text(ref.get(field)).filter(s -> !s.isEmpty()).orElseThrow(() ->
                new IllegalArgumentException("goal ref has no string '" + field + "'"));
    }
}
