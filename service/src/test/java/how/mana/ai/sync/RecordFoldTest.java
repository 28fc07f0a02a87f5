package how.mana.ai.sync;

import static how.mana.ai.sync.Rows.json;
import static how.mana.ai.sync.Rows.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pins each rule of SPEC §4 and §9 with an example. */
class RecordFoldTest {
    private static final String T0 = "2026-04-15T06:00:00Z";
    private static final String T1 = "2026-04-15T07:00:00Z";
    private static final String T2 = "2026-04-15T08:00:00Z";

    private static FoldedRecord fold(SyncRow... rows) {
        return RecordFold.of(List.of(rows)).state().current();
    }

    @Test
    void fieldTimestampsDecidePerField() {
        FoldedRecord r = fold(
                row("a", "update", "{\"title\":\"new\",\"state\":\"paused\"}",
                        "{\"title\":\"" + T2 + "\",\"state\":\"" + T0 + "\"}", T0),
                row("b", "update", "{\"title\":\"old\",\"state\":\"active\"}",
                        "{\"title\":\"" + T1 + "\",\"state\":\"" + T1 + "\"}", T1));
        assertThat(r.record()).isEqualTo(json("{\"title\":\"new\",\"state\":\"active\"}"));
    }

    @Test
    void timestampsCompareAsInstantsNotStrings() {
        // 08:00+02:00 is 06:00Z: earlier than 06:30Z, although it sorts later as a string.
        FoldedRecord r = fold(
                row("a", "update", "{\"title\":\"offset\"}", "{\"title\":\"2026-04-15T08:00:00+02:00\"}", T0),
                row("b", "update", "{\"title\":\"utc\"}", "{\"title\":\"2026-04-15T06:30:00.000Z\"}", T0));
        assertThat(r.record().get("title").textValue()).isEqualTo("utc");
    }

    @Test
    void insertRowFieldsUseUpdatedAtThenCreatedAtThenRowCreatedAt() {
        // The insert's fields claim updatedAt (T2), beating an update stamped T1 although that row is newer.
        assertThat(fold(
                row("a", "insert", "{\"title\":\"ins\",\"updatedAt\":\"" + T2 + "\",\"createdAt\":\"" + T0 + "\"}",
                        "{}", T0),
                row("b", "update", "{\"title\":\"upd\"}", "{\"title\":\"" + T1 + "\"}", T2))
                .record().get("title").textValue()).isEqualTo("ins");
        // Without updatedAt, createdAt (T0) is the claim: the T1 update wins.
        assertThat(fold(
                row("a", "insert", "{\"title\":\"ins\",\"createdAt\":\"" + T0 + "\"}", "{}", T2),
                row("b", "update", "{\"title\":\"upd\"}", "{\"title\":\"" + T1 + "\"}", T1))
                .record().get("title").textValue()).isEqualTo("upd");
        // With neither, the insert row's created_at (T2) is the claim.
        assertThat(fold(
                row("a", "insert", "{\"title\":\"ins\"}", "{}", T2),
                row("b", "update", "{\"title\":\"upd\"}", "{\"title\":\"" + T1 + "\"}", T1))
                .record().get("title").textValue()).isEqualTo("ins");
    }

    @Test
    void updateRowDataTimestampsDoNotCountAsClaims() {
        // An update's own updatedAt field is just a value; its title claims the row's created_at (T0).
        FoldedRecord r = fold(
                row("a", "update", "{\"title\":\"upd\",\"updatedAt\":\"" + T2 + "\"}", "{}", T0),
                row("b", "update", "{\"title\":\"later\"}", "{\"title\":\"" + T1 + "\"}", T0));
        assertThat(r.record().get("title").textValue()).isEqualTo("later");
    }

    @Test
    void anUnparseableTimestampCountsAsTheRowsCreatedAt() {
        FoldedRecord r = fold(
                row("a", "update", "{\"title\":\"garbled\"}", "{\"title\":\"next tuesday\"}", T2),
                row("b", "update", "{\"title\":\"numeric\"}", "{\"title\":1776232800000}", T0),
                row("c", "update", "{\"title\":\"valid\"}", "{\"title\":\"" + T1 + "\"}", T0));
        assertThat(r.record().get("title").textValue()).isEqualTo("garbled");
    }

    @Test
    void onEqualInstantsTheLaterCreatedAtWinsThenTheLargerId() {
        String stamp = "{\"title\":\"" + T1 + "\"}";
        assertThat(fold(row("b", "update", "{\"title\":\"early row\"}", stamp, T0),
                row("a", "update", "{\"title\":\"late row\"}", stamp, T2)).record().get("title").textValue())
                .isEqualTo("late row");
        assertThat(fold(row("0a", "update", "{\"title\":\"small id\"}", stamp, T0),
                row("0B", "update", "{\"title\":\"large id\"}", stamp, T0)).record().get("title").textValue())
                .as("ids compare as lowercase strings: 0b > 0a").isEqualTo("large id");
    }

    @Test
    void deleteRowsAreTombstonesEvenWithoutData() {
        assertThat(fold(row("a", "insert", "{\"title\":\"x\"}", "{}", T0),
                row("b", "delete", null, "{}", T1)).deleted()).isTrue();
        FoldedRecord empty = fold(row("a", "insert", "{\"title\":\"x\"}", "{}", T0), row("b", "delete", "{}", "{}", T1));
        assertThat(empty.deleted()).isTrue();
        assertThat(empty.record().get("deletedAt").textValue()).isEqualTo("2026-04-15T07:00:00.000Z");
        assertThat(empty.record().get("title").textValue()).as("a tombstone offers only deletedAt").isEqualTo("x");
    }

    @Test
    void aTombstoneClaimsItsDeletedAtValue() {
        // deletedAt T0 (as claimed by the delete) loses to a later update setting deletedAt null: undeleted.
        FoldedRecord r = fold(row("a", "delete", "{\"deletedAt\":\"" + T0 + "\"}", "{}", T2),
                row("b", "update", "{\"deletedAt\":null}", "{\"deletedAt\":\"" + T1 + "\"}", T1));
        assertThat(r.deleted()).isFalse();
        // An explicit field timestamp on the delete overrides the value's claim.
        assertThat(fold(row("a", "delete", "{\"deletedAt\":\"" + T0 + "\"}", "{\"deletedAt\":\"" + T2 + "\"}", T0),
                row("b", "update", "{\"deletedAt\":null}", "{\"deletedAt\":\"" + T1 + "\"}", T1)).deleted()).isTrue();
    }

    @Test
    void aDeleteWhoseDeletedAtIsNotAStringUsesItsCreatedAt() {
        FoldedRecord r = fold(row("a", "delete", "{\"deletedAt\":12}", "{}", T1));
        assertThat(r.record().get("deletedAt").textValue()).isEqualTo("2026-04-15T07:00:00.000Z");
    }

    @Test
    void updatesBeforeAnyInsertStillMakeARecordAndUnknownFieldsSurvive() {
        FoldedRecord r = fold(row("a", "update", "{\"nextRunAt\":\"" + T1 + "\",\"x-custom\":{\"deep\":[1,\"☃\"]}}",
                "{}", T0));
        assertThat(r.deleted()).isFalse();
        assertThat(r.record()).isEqualTo(json("{\"nextRunAt\":\"" + T1 + "\",\"x-custom\":{\"deep\":[1,\"☃\"]}}"));
    }

    @Test
    void malformedRowsAreSetAsideWithAReason() {
        RecordFold fold = RecordFold.of(List.of(
                row("a", "insert", "{\"title\":\"ok\"}", "{}", T0),
                row("b", "update", "[\"not\",\"an object\"]", "{}", T1),
                row("c", "update", "\"text\"", "{}", T1),
                row("d", "upsert", "{\"title\":\"bad op\"}", "{}", T1),
                row("e", "update", "{\"title\":\"infinite\"}", "{}", null),
                row("f", "update", "{\"state\":\"active\"}", "[1]", T1)));
        assertThat(fold.state().current().record()).isEqualTo(json("{\"title\":\"ok\",\"state\":\"active\"}"));
        assertThat(fold.malformed()).extracting(RowOffer.Malformed::reason).containsExactly(
                "data is ARRAY, not an object", "data is STRING, not an object",
                "op is 'upsert', not insert, update or delete", "created_at is not finite");
        assertThat(fold.rowsFolded()).isEqualTo(2);
    }

    @Test
    void theCurrentRecordIsACopy() {
        RecordState state = RecordFold.of(List.of(row("a", "insert", "{\"iterations\":[]}", "{}", T0))).state();
        ((com.fasterxml.jackson.databind.node.ArrayNode) state.current().record().get("iterations")).add(1);
        assertThat(state.current().record().get("iterations").size()).isZero();
    }
}
