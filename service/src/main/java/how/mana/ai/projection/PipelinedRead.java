package how.mana.ai.projection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A rebuild's read, fold and encoding on connections and threads of their own, while the caller writes the batches on
 * its connection: the Java work of one batch runs while PostgreSQL inserts the previous one, instead of each waiting
 * for the other. With several readers, each reads one part of the kind's rows ({@link FoldedBatches#readPart}) and
 * all of them start at once, so PostgreSQL sorts the parts side by side and the first batch comes after a fraction
 * of the sort of all rows; the caller writes the parts one after another. Only the caller's connection writes, so
 * the rebuild stays one transaction; the readers only read {@code sync_changes}, in statements that start after the
 * caller took its visibility horizon, so they see every row the single-connection read would. At most two batches
 * wait per reader, which bounds the memory.
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
     * Reads on {@code readers} (idle, in auto-commit; their number a power of two), one part each, and hands every
     * batch to {@code writer} on this thread, after {@code meanwhile} ran on it.
     *
     * @return the read's counts, once every batch was written
     */
    static <T> FoldedBatches.Counts run(List<Connection> readers, RecordKind kind, String watermark,
                                        Encoder<T> encoder, Meanwhile meanwhile, Writer<T> writer)
            throws SQLException, InterruptedException {
        List<BlockingQueue<Handoff<T>>> queues = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int part = 0; part < readers.size(); part++) {
                BlockingQueue<Handoff<T>> queue = new ArrayBlockingQueue<>(WAITING_BATCHES);
                Part read = new Part(readers.get(part), kind, watermark, part, readers.size());
                queues.add(queue);
                threads.add(Thread.ofPlatform().name("snapshot-rebuild-reader-" + part).daemon()
                        .start(() -> readInto(read, encoder, queue)));
            }
            meanwhile.run();
            long rowsRead = 0;
            long rowsFolded = 0;
            for (BlockingQueue<Handoff<T>> queue : queues) {
                FoldedBatches.Counts counts = drain(queue, writer);
                rowsRead += counts.rowsRead();
                rowsFolded += counts.rowsFolded();
            }
            return new FoldedBatches.Counts(rowsRead, rowsFolded);
        } finally {
            // When the writer failed, readers may be waiting to hand over a batch: stop them, wait for their cleanup.
            for (Thread thread : threads) {
                thread.interrupt();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
    }

    private static <T> FoldedBatches.Counts drain(BlockingQueue<Handoff<T>> queue, Writer<T> writer)
            throws SQLException, InterruptedException {
        while (true) {
            switch (queue.take()) {
                case Next<T> next -> writer.write(next.batch());
                case End<T> end -> {
                    return end.counts();
                }
                case Failure<T> failure -> throw rethrown(failure.cause());
            }
        }
    }

    /** Part {@code part} of {@code parts} of the kind's rows from {@code watermark} on, read on {@code reader}. */
    private record Part(Connection reader, RecordKind kind, String watermark, int part, int parts) {
        FoldedBatches.Counts read(FoldedBatches.Sink sink) throws SQLException, InterruptedException {
            return FoldedBatches.readPart(reader, kind, watermark, part, parts, sink);
        }
    }

    private static <T> void readInto(Part part, Encoder<T> encoder, BlockingQueue<Handoff<T>> queue) {
        Connection reader = part.reader();
        Handoff<T> last;
        try {
            reader.setAutoCommit(false);
            try (Statement s = reader.createStatement()) {
                s.execute("SET LOCAL work_mem = '" + READ_WORK_MEM + "'");
            }
            last = new End<>(part.read(batch -> queue.put(new Next<>(encoder.encode(reader, batch)))));
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
            default -> new SQLException("reading the record rows failed", cause);
        };
    }
}
