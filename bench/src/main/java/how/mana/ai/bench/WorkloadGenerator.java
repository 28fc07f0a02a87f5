package how.mana.ai.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;

/**
 * Fills {@code sync_changes} of a scratch database with a {@link WorkloadSpec}'s rows, entirely server-side
 * ({@code generate_series}, hashes of the seed for every choice). It runs as the administrator, as mana-sync writes
 * past RLS.
 */
public final class WorkloadGenerator {
    /** Rows one statement of other-app rows inserts: small enough to spread over both loader connections. */
    private static final long OTHER_CHUNK = 500_000;
    private static final long MISSION_CHUNK = 25_000;

    private final DataSource admin;
    private final WorkloadSpec spec;
    private final int loaders;

    /**
     * @param loaders connections that insert at once (one per core PostgreSQL may use)
     */
    public WorkloadGenerator(DataSource admin, WorkloadSpec spec, int loaders) {
        this.admin = admin;
        this.spec = spec;
        this.loaders = loaders;
    }

    /** How long the load took: inserting the rows, then rebuilding indexes and statistics. */
    public record LoadTimes(Duration insert, Duration indexes) {
    }

    /**
     * Creates the {@code bench} helper schema and loads every row of the workload. {@code sync_changes} must exist
     * and be empty.
     */
    public LoadTimes load() throws SQLException, InterruptedException {
        DeferredIndexes indexes;
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            s.execute(BenchSql.load("workload-schema.sql"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench.params VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setLong(1, spec.seed());
                ps.setInt(2, spec.users());
                ps.setInt(3, spec.missionsPerUser());
                ps.setInt(4, spec.rowsPerMission());
                ps.setDouble(5, spec.dueFraction());
                ps.setInt(6, spec.otherMultiplier());
                ps.setTimestamp(7, Timestamp.from(spec.anchor()));
                ps.executeUpdate();
            }
            indexes = DeferredIndexes.drop(c, "sync_changes");
        }
        long t0 = System.nanoTime();
        insertInChunks();
        long t1 = System.nanoTime();
        try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
            indexes.restore(c);
            s.execute("VACUUM (ANALYZE) sync_changes");
            // The load leaves gigabytes of dirty pages: write them now, not during the first measured phase.
            s.execute("CHECKPOINT");
        }
        long t2 = System.nanoTime();
        return new LoadTimes(Duration.ofNanos(t1 - t0), Duration.ofNanos(t2 - t1));
    }

    private void insertInChunks() throws SQLException, InterruptedException {
        List<Chunk> chunks = new ArrayList<>();
        String missionsSql;
        String otherSql;
        try (Connection c = admin.getConnection()) {
            missionsSql = BenchSql.load("workload-missions.sql", c);
            otherSql = BenchSql.load("workload-other-apps.sql", c);
        }
        for (long from = 0; from < spec.missions(); from += MISSION_CHUNK) {
            chunks.add(new Chunk(missionsSql, from, Math.min(spec.missions(), from + MISSION_CHUNK)));
        }
        for (long from = 0; from < spec.otherRows(); from += OTHER_CHUNK) {
            chunks.add(new Chunk(otherSql, from, Math.min(spec.otherRows(), from + OTHER_CHUNK)));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(loaders)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (Chunk chunk : chunks) {
                done.add(pool.submit(() -> chunk.insert(admin)));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw new IllegalStateException("loading the workload failed", e.getCause());
        }
    }

    /** One INSERT … SELECT over the key range [from, to). */
    private record Chunk(String sql, long from, long to) {
        int insert(DataSource admin) throws SQLException {
            try (Connection c = admin.getConnection()) {
                try (Statement s = c.createStatement()) {
                    // The load is redone from scratch on any failure, so waiting for the WAL flush buys nothing.
                    s.execute("SET synchronous_commit = off");
                }
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setLong(1, from);
                    ps.setLong(2, to);
                    return ps.executeUpdate();
                }
            }
        }
    }
}
