package how.mana.ai.tick;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.db.UnexpectedRowCount;
import how.mana.ai.mission.Mission;
import how.mana.ai.mission.Plan;
import how.mana.ai.runs.Claim;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStatus;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.schedule.NextRun;
import how.mana.ai.schedule.NextRunCalculator;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.WithUser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a run's iteration to its mission as one {@code sync_changes} row (SPEC §6), inside the owner's
 * RLS-scoped transaction. The mission is re-read in that transaction, so the iterations written are the ones it
 * has at write time, and a mission that is no longer due for the same slot gets nothing.
 */
public final class WriteBack {
    private static final Logger log = LoggerFactory.getLogger(WriteBack.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String SYNC_CHANGES = "sync_changes";
    private static final String INSERT = """
            INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, field_timestamps,
                                      client_id, schema_version, actor)
            VALUES ('ai', 'aiMissions', ?, ?, 'update', ?::jsonb, ?::jsonb, 'mana-ai-runner', 1,
                    '{"kind":"system","source":"mission-runner"}'::jsonb)""";

    private final DataSource dataSource;
    private final NextRunCalculator nextRuns;
    private final ZoneId defaultZone;
    private final Clock clock;

    public WriteBack(DataSource dataSource, NextRunCalculator nextRuns, ZoneId defaultZone, Clock clock) {
        this.dataSource = dataSource;
        this.nextRuns = nextRuns;
        this.defaultZone = defaultZone;
        this.clock = clock;
    }

    /** What a run writes: its plan, or the news that planning failed for good. */
    public sealed interface Content {
        record Planned(Plan plan) implements Content {
        }

        record Failed(String reason) implements Content {
        }
    }

    /** How a write ended. */
    public sealed interface Result {
        record Written(UUID iterationId, Optional<Instant> nextRunAt) implements Result {
        }

        /** The mission changed since it was found due; nothing was written. */
        record Superseded(String why) implements Result {
        }

        /** This process no longer holds the slot (finished elsewhere, or lease expired and taken over). */
        record LeaseLost() implements Result {
        }
    }

    /**
     * @throws UnexpectedRowCount when the iteration row or the slot's update touched another number of rows than
     *                            one; the transaction is rolled back, so nothing of this write remains
     */
    public Result write(Claim claim, String owner, Content content, Instant startedAt) throws SQLException {
        SlotKey key = claim.key();
        return WithUser.run(dataSource, key.userId(), c -> {
            if (!SlotStore.lockIfOwned(c, key, owner)) {
                return new Result.LeaseLost();
            }
            Optional<Mission> current = currentMission(c, key);
            Optional<String> notDue = current.isEmpty()
                    ? Optional.of("mission no longer exists or is unreadable")
                    : whyNotDue(current.get(), key);
            if (notDue.isPresent()) {
                SlotStore.finish(c, key, SlotStatus.SUPERSEDED, null, notDue.get());
                return new Result.Superseded(notDue.get());
            }
            Mission mission = current.get();
            UUID iterationId = key.iterationId();
            if (IterationRecord.contains(mission.iterations(), iterationId)) {
                // An earlier run of this slot wrote it and then lost track: finish the slot, write nothing again.
                SlotStore.finish(c, key, SlotStatus.DONE, iterationId, null);
                return new Result.Superseded("iteration already written");
            }
            Instant now = clock.instant();
            NextRun next = nextRuns.nextFor(mission, defaultZone, now);
            if (next instanceof NextRun.InvalidCadence invalid) {
                log.atWarn().addKeyValue("user", key.userId()).addKeyValue("mission", key.missionId())
                        .addKeyValue("reason", invalid.reason()).log("invalid cadence: nextRunAt written as null");
            }
            ObjectNode iteration = switch (content) {
                case Content.Planned planned -> IterationRecord.planned(iterationId, planned.plan(), startedAt, now);
                case Content.Failed failed -> IterationRecord.failed(iterationId, failed.reason(), startedAt, now);
            };
            insert(c, key, IterationRecord.rowData(mission.iterations(), iteration, next.at(), now),
                    IterationRecord.fieldTimestamps(now));
            if (content instanceof Content.Failed failed) {
                SlotStore.finish(c, key, SlotStatus.FAILED, iterationId, failed.reason());
            } else {
                SlotStore.finish(c, key, SlotStatus.DONE, iterationId, null);
            }
            return new Result.Written(iterationId, next.at());
        });
    }

    private static Optional<Mission> currentMission(Connection c, SlotKey key) throws SQLException {
        return RecordHistory.read(c, key.userId(), "ai", "aiMissions", key.missionId())
                .map(folded -> Mission.from(key.userId(), key.missionId(), folded.record(), folded.deleted()))
                .flatMap(parse -> parse instanceof Mission.Valid valid ? Optional.of(valid.mission()) : Optional.empty());
    }

    private static Optional<String> whyNotDue(Mission mission, SlotKey key) {
        if (mission.deleted()) {
            return Optional.of("mission deleted");
        }
        if (!"active".equals(mission.state())) {
            return Optional.of("mission is " + (mission.state().isEmpty() ? "without state" : mission.state()));
        }
        if (!mission.nextRunAtText().equals(Optional.of(key.slot()))) {
            return Optional.of("mission rescheduled");
        }
        return Optional.empty();
    }

    private static void insert(Connection c, SlotKey key, ObjectNode data, ObjectNode fieldTimestamps)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, key.missionId());
            ps.setString(2, key.userId());
            ps.setString(3, toJson(data));
            ps.setString(4, toJson(fieldTimestamps));
            // An insert adds its row or fails, unless a trigger or rule on mana-sync's table drops the row silently;
            // then the slot must not be marked finished as if its iteration were written.
            UnexpectedRowCount.requireOne("appending the iteration", SYNC_CHANGES, ps.executeUpdate());
        }
    }

    private static String toJson(ObjectNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree failed to serialise", e);
        }
    }
}
