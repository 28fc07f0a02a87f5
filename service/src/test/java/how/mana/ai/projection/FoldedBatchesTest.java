package how.mana.ai.projection;

import static org.assertj.core.api.Assertions.assertThat;

import how.mana.ai.testing.ManaSyncDatabase;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A rebuild reads the mission rows in two parts at once: together they are the whole read, and no mission is split. */
class FoldedBatchesTest {
    @RegisterExtension
    static final ManaSyncDatabase db = new ManaSyncDatabase();

    @Test
    void thePartsHoldEveryRowOnceAndEachMissionWhole() throws Exception {
        for (int i = 0; i < 60; i++) {
            String user = "u" + (i % 7);
            String mission = i % 5 == 0 ? "shared-id" : "m-" + i + "-" + "é☃'".repeat(i % 3);
            db.insertMissionChange(user, mission, "insert", "{\"title\":\"t" + i + "\"}", null, null);
            db.insertMissionChange(user, mission, "update", "{\"state\":\"active\"}", null, null);
        }

        List<RecordKey> whole = keysRead(-1);
        List<RecordKey> first = keysRead(0);
        List<RecordKey> second = keysRead(1);

        assertThat(first).isNotEmpty();
        assertThat(second).isNotEmpty();
        List<RecordKey> both = new ArrayList<>(first);
        both.addAll(second);
        assertThat(both).containsExactlyInAnyOrderElementsOf(whole);
        Set<RecordKey> inFirst = new HashSet<>(first);
        assertThat(second).noneMatch(inFirst::contains);
    }

    /** The mission of every folded row a read hands over, per batch; part -1 is the unpartitioned read. */
    private static List<RecordKey> keysRead(int part) throws Exception {
        List<RecordKey> keys = new ArrayList<>();
        FoldedBatches.Sink sink = batch -> batch.folded().forEach((key, state) -> {
            for (int i = 0; i < state.fields().size(); i++) {
                keys.add(key);
            }
        });
        try (Connection c = db.service().getConnection()) {
            c.setAutoCommit(false);
            if (part < 0) {
                FoldedBatches.read(c, MissionProjection.KIND, "-infinity", FoldedBatches.Overlap.none(), sink);
            } else {
                FoldedBatches.readPart(c, MissionProjection.KIND, "-infinity", part, 2, sink);
            }
            c.rollback();
        }
        return keys;
    }
}
