package how.mana.ai.bench;

import how.mana.ai.tick.TickStats;
import java.time.Instant;

/** The parts of the service the benchmark drives, wired as production wires them. */
interface ServiceUnderTest extends AutoCloseable {

    /** Rebuilds the mission snapshot from scratch (the {@code rebuild-snapshots} command). */
    void rebuildSnapshot() throws Exception;

    /** Folds the rows that arrived since the last refresh into the snapshot. */
    void refreshSnapshot() throws Exception;

    /** The due query alone: how many missions are due at {@code now}. */
    int dueCount(Instant now) throws Exception;

    /** One whole tick: refresh, due query, planning and writing back every due mission. */
    TickStats tick() throws Exception;

    /** Stops the service's threads and closes its pool. */
    @Override
    void close();
}
