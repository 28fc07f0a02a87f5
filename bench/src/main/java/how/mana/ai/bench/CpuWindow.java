package how.mana.ai.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The CPU time used over a window by the service process and by the PostgreSQL processes, read from
 * {@code /proc/<pid>/stat} at each {@link #sample}. PostgreSQL's processes are told apart through
 * {@code pg_stat_activity}: the backends of the service's role in the scenario's database are the service's; the
 * other client backends there are the bench's own (the devices' writer, this sampler); the server's background
 * processes (autovacuum, WAL writer, checkpointer, background writer) serve every database on the server and are
 * reported apart.
 */
final class CpuWindow {
    private static final String ACTIVITY = """
            SELECT pid, backend_start,
                   CASE WHEN backend_type <> 'client backend' THEN 'background'
                        WHEN datname = ? AND usename = ? THEN 'service'
                        WHEN datname = ? THEN 'bench' END AS side
              FROM pg_stat_activity""";

    private final long servicePid;
    private final DataSource admin;
    private final String database;
    private final String serviceRole;
    private final Instant start = Instant.now();
    private final long startNanos = System.nanoTime();
    private final CpuLedger service = new CpuLedger();
    private final CpuLedger serviceBackends = new CpuLedger();
    private final CpuLedger bench = new CpuLedger();
    private final CpuLedger background = new CpuLedger();

    private CpuWindow(long servicePid, DataSource admin, String database, String serviceRole) {
        this.servicePid = servicePid;
        this.admin = admin;
        this.database = database;
        this.serviceRole = serviceRole;
    }

    /** Opens the window now, with a first reading. */
    static CpuWindow open(long servicePid, DataSource admin, String database, String serviceRole) throws SQLException {
        CpuWindow window = new CpuWindow(servicePid, admin, database, serviceRole);
        window.sample();
        return window;
    }

    /** One reading of every process counted; take one a second or so, so that backends ending lose little. */
    void sample() throws SQLException {
        ProcessCpu.ticks(servicePid).ifPresent(ticks -> service.observe(servicePid, ticks, false));
        try (Connection c = admin.getConnection(); PreparedStatement ps = c.prepareStatement(ACTIVITY)) {
            ps.setString(1, database);
            ps.setString(2, serviceRole);
            ps.setString(3, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    CpuLedger ledger = switch (String.valueOf(rs.getString("side"))) {
                        case "service" -> serviceBackends;
                        case "bench" -> bench;
                        case "background" -> background;
                        default -> null;
                    };
                    if (ledger != null) {
                        long pid = rs.getLong("pid");
                        Timestamp started = rs.getTimestamp("backend_start");
                        boolean born = started != null && started.toInstant().isAfter(start);
                        ProcessCpu.ticks(pid).ifPresent(ticks -> ledger.observe(pid, ticks, born));
                    }
                }
            }
        }
    }

    /** Closes the window with a last reading. */
    CpuFigures close() throws SQLException {
        long ticksPerSecond = ProcessCpu.TICKS_PER_SECOND;
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double servicePercent = CpuLedger.percentOfOneCore(service.ticks(), ticksPerSecond, seconds);
        double backendsPercent = CpuLedger.percentOfOneCore(serviceBackends.ticks(), ticksPerSecond, seconds);
        return new CpuFigures(Math.round(seconds * 10) / 10.0, servicePercent, backendsPercent,
                CpuLedger.percentOfOneCore(service.ticks() + serviceBackends.ticks(), ticksPerSecond, seconds),
                serviceBackends.processes(), CpuLedger.percentOfOneCore(bench.ticks(), ticksPerSecond, seconds),
                CpuLedger.percentOfOneCore(background.ticks(), ticksPerSecond, seconds));
    }

    /**
     * A window's CPU as percentages of one core.
     *
     * @param servicePercent      the service's JVM
     * @param backendsPercent     PostgreSQL's backends of the service's role
     * @param totalPercent        the two together: what the target bounds
     * @param backends            backends of the service's role seen in the window
     * @param benchPercent        the bench's own backends (the devices' writes), not counted in the total
     * @param backgroundPercent   the server's background processes, for every database on it, not counted
     */
    record CpuFigures(double seconds, double servicePercent, double backendsPercent, double totalPercent,
                      int backends, double benchPercent, double backgroundPercent) {
    }
}
