package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A rebuild's read, fold and encoding on a second connection and thread, while the caller writes the batches on its
 * own connection: the Java work of one batch runs while PostgreSQL inserts the previous one, instead of each waiting
 * for the other. Only the caller's connection writes, so the rebuild stays one transaction; the reader only reads
 * {@code sync_changes}, in a statement that starts after the caller took its visibility horizon, so it sees every
 * row the single-connection read would. At most two batches wait between the two, which bounds the memory.
 */
final class PipelinedRead {
    private static final int WAITING_BATCHES = 2;
    /** The rebuild's read sorts every mission row: fewer, longer sorted runs merge faster. */
    private static final String READ_WORK_MEM = "64MB";

    private PipelinedRead() {
    }

    /** Readies a folded batch for writing, on the reader's thread and connection. */
    @FunctionalInterface
    interface Encoder<T> {
        T encode(Connection reader, FoldedBatches.Batch batch) throws SQLException;
    }

    /** Writes a readied batch, on the caller's thread and connection. */
    @FunctionalInterface
    interface Writer<T> {
        void write(T batch) throws SQLException;
    }

    /** Work of the caller's, done once the read has started and before the first batch is written. */
    @FunctionalInterface
    interface Meanwhile {
        void run() throws SQLException;
    }

    private sealed interface Handoff<T> permits Next, End, Failure {
    }

    private record Next<T>(T batch) implements Handoff<T> {
    }

    private record End<T>(FoldedBatches.Counts counts) implements Handoff<T> {
    }

    private record Failure<T>(Throwable cause) implements Handoff<T> {
    }

    /**
     * Reads on {@code reader} (which must be idle, in auto-commit) and hands every batch to {@code writer} on this
     * thread, after {@code meanwhile} ran on it.
     *
     * @return the read's counts, once every batch was written
     */
    static <T> FoldedBatches.Counts run(Connection reader, String watermark, Encoder<T> encoder, Meanwhile meanwhile,
                                        Writer<T> writer) throws SQLException, InterruptedException {
        BlockingQueue<Handoff<T>> queue = new ArrayBlockingQueue<>(WAITING_BATCHES);
        Thread thread = Thread.ofPlatform().name("snapshot-rebuild-reader").daemon()
                .start(() -> readInto(reader, watermark, encoder, queue));
        try {
            meanwhile.run();
            while (true) {
                switch (queue.take()) {
                    case Next<T> next -> writer.write(next.batch());
                    case End<T> end -> {
                        return end.counts();
                    }
                    case Failure<T> failure -> throw rethrown(failure.cause());
                }
            }
        } finally {
            // When the writer failed, the reader may be waiting to hand over a batch: stop it, wait for its cleanup.
            thread.interrupt();
            thread.join();
        }
    }

    private static <T> void readInto(Connection reader, String watermark, Encoder<T> encoder,
                                     BlockingQueue<Handoff<T>> queue) {
        Handoff<T> last;
        try {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("SET LOCAL work_mem = '" + READ_WORK_MEM + "'");
            }
            last = new End<>(FoldedBatches.read(reader, watermark,
                    batch -> queue.put(new Next<>(encoder.encode(reader, batch)))));
        } catch (InterruptedException e) {
            return;
        } catch (Throwable t) {
            last = new Failure<>(t);
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
