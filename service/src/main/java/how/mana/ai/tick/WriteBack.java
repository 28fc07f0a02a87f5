package how.mana.ai.tick;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.db.UnexpectedRowCount;
import how.mana.ai.mission.Agent;
import how.mana.ai.mission.Ciphertext;
import how.mana.ai.mission.Mission;
import how.mana.ai.mission.Plan;
import how.mana.ai.runs.Claim;
import how.mana.ai.runs.SlotKey;
import how.mana.ai.runs.SlotStatus;
import how.mana.ai.runs.SlotStore;
import how.mana.ai.schedule.NextRun;
import how.mana.ai.schedule.NextRunCalculator;
import how.mana.ai.sync.Actor;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.SyncChanges;
import how.mana.ai.sync.SyncGeneration;
import how.mana.ai.sync.SyncTable;
import how.mana.ai.sync.SyncTableSource;
import how.mana.ai.sync.WithUser;
import java.sql.Connection;
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
 * Appends a run's iteration to its mission as one {@code sync_changes} row, inside the owner's RLS-scoped
 * transaction, in the shape of the table's generation: SPEC §6 on generation 1, §10.6 with the AI actor of §11.2 on
 * generation 2. The mission is re-read in that transaction, so the iterations written are the ones it has at write
 * time, and a mission that is no longer due for the same slot gets nothing.
 */
public final class WriteBack {
    private static final Logger log = LoggerFactory.getLogger(WriteBack.class);
    private static final Actor V03_ACTOR = new Actor.LegacySystem("mission-runner");

    private final DataSource dataSource;
    private final SyncTableSource syncTable;
    private final RecordHistory history;
    private final NextRunCalculator nextRuns;
    private final ZoneId defaultZone;
    private final Clock clock;
    private final String encryptedPlaceholder;

    /**
     * @param encryptedPlaceholder what the actor's {@code rationale} says instead of an encrypted objective (§21.2)
     */
    public WriteBack(DataSource dataSource, SyncTableSource syncTable, NextRunCalculator nextRuns,
                     ZoneId defaultZone, Clock clock, String encryptedPlaceholder) {
        this.dataSource = dataSource;
        this.syncTable = syncTable;
        this.history = new RecordHistory(syncTable);
        this.nextRuns = nextRuns;
        this.defaultZone = defaultZone;
        this.clock = clock;
        this.encryptedPlaceholder = encryptedPlaceholder;
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
            SyncTable table = syncTable.on(c);
            // A current device shows a server iteration as started and finished at the write (SPEC §10.6).
            Instant started = table.generation() == SyncGeneration.ONE ? startedAt : now;
            ObjectNode iteration = switch (content) {
                case Content.Planned planned -> IterationRecord.planned(iterationId, planned.plan(), started, now);
                case Content.Failed failed -> IterationRecord.failed(iterationId, failed.reason(), started, now);
            };
            ObjectNode data = IterationRecord.rowData(table.generation(), mission.iterations(), iteration, next.at(),
                    now);
            Actor actor = table.generation() == SyncGeneration.ONE ? V03_ACTOR : actorOf(c, mission, iterationId);
            SyncChanges.append(c, table, new SyncChanges.Update("ai", "aiMissions", key.missionId(), key.userId(),
                    data, IterationRecord.stamps(data, now), actor));
            if (content instanceof Content.Failed failed) {
                SlotStore.finish(c, key, SlotStatus.FAILED, iterationId, failed.reason());
            } else {
                SlotStore.finish(c, key, SlotStatus.DONE, iterationId, null);
            }
            return new Result.Written(iterationId, next.at());
        });
    }

    private Optional<Mission> currentMission(Connection c, SlotKey key) throws SQLException {
        return history.read(c, key.userId(), "ai", "aiMissions", key.missionId())
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

    /**
     * The AI actor of §11.2: the mission's agent with its current name when that agent exists for the same user
     * (read in the owner's scope) and is not deleted, else the default agent; the rationale is the objective,
     * never ciphertext.
     */
    private Actor.Ai actorOf(Connection c, Mission mission, UUID iterationId) throws SQLException {
        String rationale = Ciphertext.contains(mission.objective()) ? encryptedPlaceholder : mission.objective();
        Optional<FoldedRecord> agent = mission.agentId().isEmpty() ? Optional.empty()
                : history.read(c, mission.userId(), "ai", "agents", mission.agentId().get())
                        .filter(record -> !record.deleted());
        String principal = agent.isPresent() ? mission.agentId().get() : Actor.Ai.DEFAULT_PRINCIPAL;
        // A found agent without a readable name is "Unnamed", as upstream reads it (§12.1).
        String name = agent.isEmpty() ? Actor.Ai.DEFAULT_NAME : agent.map(record -> record.record().get("name"))
                .filter(node -> node != null && node.isTextual() && !Ciphertext.contains(node.textValue()))
                .map(JsonNode::textValue).orElse(Agent.UNNAMED);
        return new Actor.Ai(principal, name, mission.id(), iterationId.toString(), rationale);
    }
}
