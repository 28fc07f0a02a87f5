package how.mana.ai.app;

import com.zaxxer.hikari.HikariDataSource;
import how.mana.ai.config.Config;
import how.mana.ai.config.DatabaseConfig;
import how.mana.ai.db.Database;
import how.mana.ai.db.Migrations;
import how.mana.ai.projection.RecordViews;
import how.mana.ai.tick.FailureReason;
import java.io.PrintStream;
import java.sql.SQLException;

/**
 * {@code migrate}: brings the {@code mana_ai} schema up to date and, with {@code MANA_AI_SERVICE_ROLE}, grants that
 * role what the service needs (run it as an administrator then); unless {@code MANA_AI_CREATE_SYNC_INDEX=false}, also
 * creates the mission-row index on {@code sync_changes} when this role may ({@code MissionRowIndex}). Exit 0 on
 * success, 1 with one line on stderr.
 */
public final class MigrateCommand {
    private MigrateCommand() {
    }

    public static int run(Config config, PrintStream err) {
        DatabaseConfig database = config.database();
        try (HikariDataSource admin = Database.pool("mana-ai-migrate", database.url(), 2,
                database.statementTimeout())) {
            Migrations.administer(admin, database.serviceRole(), database.createSyncIndex());
            // The views follow the stamp column sync_changes has now, should mana-sync have been upgraded since.
            int generation = RecordViews.define(admin);
            err.println("migrate: sync_changes is of generation " + generation
                    + (generation == 1 ? " (field_timestamps, mana-sync up to v0.3)"
                    : " (field_meta, a current mana-sync)"));
            return 0;
        } catch (SQLException | RuntimeException e) {
            err.println("migrate failed: " + FailureReason.of(e));
            return 1;
        }
    }
}
