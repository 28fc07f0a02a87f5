package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A rebuild's read and fold on a second connection and thread, while the caller writes the batches on its own
 * connection: the fold (Java) runs while PostgreSQL inserts the previous batch, instead of each waiting for the
 * other. Only the caller's connection writes, so the rebuild stays one transaction; the reader only reads
 * {@code sync_changes}, in a statement that starts after the caller took its visibility horizon, so it sees every
 * row the single-connection read would. At most two batches wait between the two, which bounds the memory.
 */
final class PipelinedRead {
    private static final int WAITING_BATCHES = 2;
    /** The rebuild's read sorts every mission row: fewer, longer sorted runs merge faster. */
    private static final String READ_WORK_MEM = "64MB";

    private PipelinedRead() {
    }

    private sealed interface Handoff permits Next, End, Failure {
    }

    private record Next(FoldedBatches.Batch batch) implements Handoff {
    }

    private record End(FoldedBatches.Counts counts) implements Handoff {
    }

    private record Failure(Throwable cause) implements Handoff {
    }

    /**
     * Reads on {@code reader} (which must be idle, in auto-commit) and hands every batch to {@code writer} on this
     * thread.
     *
     * @return the read's counts, once every batch was written
     */
    static FoldedBatches.Counts run(Connection reader, String watermark, FoldedBatches.Sink writer)
            throws SQLException, InterruptedException {
        BlockingQueue<Handoff> queue = new ArrayBlockingQueue<>(WAITING_BATCHES);
        Thread thread = Thread.ofPlatform().name("snapshot-rebuild-reader").daemon()
                .start(() -> readInto(reader, watermark, queue));
        try {
            while (true) {
                switch (queue.take()) {
                    case Next next -> writer.accept(next.batch());
                    case End end -> {
                        return end.counts();
                    }
                    case Failure failure -> throw rethrown(failure.cause());
                }
            }
        } finally {
            // When the writer failed, the reader may be waiting to hand over a batch: stop it, wait for its cleanup.
            thread.interrupt();
            thread.join();
        }
    }

    private static void readInto(Connection reader, String watermark, BlockingQueue<Handoff> queue) {
        Handoff last;
        try {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("SET LOCAL work_mem = '" + READ_WORK_MEM + "'");
            }
            last = new End(FoldedBatches.read(reader, watermark, batch -> queue.put(new Next(batch))));
        } catch (InterruptedException e) {
            return;
        } catch (Throwable t) {
            last = new Failure(t);
        } finally {
            endReadOnly(reader);
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // The writer has already given up.
        }
    }

    /** The read wrote nothing: roll back, so that the connection returns to the pool idle. */
    private static void endReadOnly(Connection reader) {
        try {
            reader.rollback();
            reader.setAutoCommit(true);
        } catch (SQLException ignored) {
            // A broken connection: the pool discards it.
        }
    }

    private static SQLException rethrown(Throwable cause) {
        return switch (cause) {
            case SQLException e -> e;
            case RuntimeException e -> throw e;
            case Error e -> throw e;
            default -> new SQLException("reading the mission rows failed", cause);
        };
    }
}
