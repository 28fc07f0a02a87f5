package how.mana.ai.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.config.PromptLocale;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.SyncTableSource;
import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Goals come from the owner's companion rows, folded, as title plus progress line (SPEC §5, §9). */
class GoalsResolverTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    private final GoalsResolver german = new GoalsResolver(db.service(), new RecordHistory(SyncTableSource.fixed(db.syncTable())),
            PromptLocale.DE);
    private final GoalsResolver english = new GoalsResolver(db.service(), new RecordHistory(SyncTableSource.fixed(db.syncTable())),
            PromptLocale.EN);

    private static ObjectNode ref(String table, String id) {
        return JsonNodeFactory.instance.objectNode().put("module", "goals").put("table", table).put("id", id);
    }

    private static void goal(String user, String id, String op, String data, String stamps) throws SQLException {
        db.insertChange(user, "companion", "goals", id, op, data, stamps, null);
    }

    @Test
    void aGoalShowsItsTitleAndFoldedProgress() throws Exception {
        goal("alice", "g1", "insert", "{\"title\":\"Run 100 km\",\"currentValue\":12,"
                + "\"target\":{\"value\":100},\"period\":\"month\",\"updatedAt\":\"2026-04-01T00:00:00.000Z\"}", null);
        goal("alice", "g1", "update", "{\"currentValue\":12.50}", "{\"currentValue\":\"2026-04-02T00:00:00.000Z\"}");

        assertThat(german.resolve("alice", ref("goals", "g1"))).contains(
                new ResolvedInput("goals", "goals", "g1", "Run 100 km", List.of("12.5 / 100 (month)")));
    }

    @Test
    void missingValuesHaveTheirDefaultsPerLocale() throws Exception {
        goal("alice", "g2", "insert", "{\"title\":\"Read\",\"target\":{}}", null);

        assertThat(german.resolve("alice", ref("goals", "g2")).orElseThrow().details())
                .containsExactly("0 / ? (unbekannt)");
        assertThat(english.resolve("alice", ref("goals", "g2")).orElseThrow().details())
                .containsExactly("0 / ? (unknown)");
    }

    @Test
    void wholeNumbersWrittenWithAFractionPrintWithout() {
        ObjectNode g = JsonNodeFactory.instance.objectNode().put("currentValue", 12.0).put("period", "week");
        g.putObject("target").put("value", 1e3);
        assertThat(english.progress(g)).isEqualTo("12 / 1000 (week)");
    }

    @Test
    void aMissingOrDeletedGoalResolvesToNothing() throws Exception {
        assertThat(german.resolve("alice", ref("goals", "nope"))).isEmpty();
        goal("alice", "g3", "insert", "{\"title\":\"Gone\"}", null);
        goal("alice", "g3", "delete", null, null);
        assertThat(german.resolve("alice", ref("goals", "g3"))).isEmpty();
    }

    @Test
    void anotherUsersGoalWithTheSameIdIsInvisible() throws Exception {
        goal("bob", "shared-id", "insert", "{\"title\":\"Bob's goal\"}", null);
        goal("alice", "shared-id", "insert", "{\"title\":\"Alice's goal\"}", null);
        db.insertChange("bob", "companion", "goals", "only-bob", "insert", "{\"title\":\"Bob only\"}", null, null);

        assertThat(german.resolve("alice", ref("goals", "shared-id")).map(ResolvedInput::title))
                .contains("Alice's goal");
        assertThat(german.resolve("alice", ref("goals", "only-bob"))).isEqualTo(Optional.empty());
    }

    @Test
    void aRefWithoutTableOrIdIsRefused() {
        assertThatThrownBy(() -> german.resolve("alice", JsonNodeFactory.instance.objectNode().put("id", "g1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'table'");
    }
}
