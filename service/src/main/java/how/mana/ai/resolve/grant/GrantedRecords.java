package how.mana.ai.resolve.grant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import how.mana.ai.resolve.ResolvedInput;
import how.mana.ai.sync.FoldedRecord;
import how.mana.ai.sync.RecordHistory;
import how.mana.ai.sync.WithUser;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one granted input of a mission (SPEC §16.6): the ref must be on the grant's allow-list, the record is folded
 * from its owner's rows only (RLS), every {@code enc:1:} field is decrypted with the mission's key, and every attempt
 * leaves an audit row in the owner's scope. A decrypted record reaches the prompt only when its {@code ok} row was
 * written in the same transaction: no plaintext without an audit row. Logs ids and reasons, never a value.
 */
final class GrantedRecords {
    private static final Logger log = LoggerFactory.getLogger(GrantedRecords.class);

    private final DataSource dataSource;
    private final RecordHistory history;
    private final DecryptAudit audit;
    private final GrantMeters meters;

    GrantedRecords(DataSource dataSource, RecordHistory history, DecryptAudit audit, GrantMeters meters) {
        this.dataSource = dataSource;
        this.history = history;
        this.audit = audit;
        this.meters = meters;
    }

    /** A granted record as the prompt shows it, and how many of its fields were decrypted. */
    private record Granted(ResolvedInput input, int decryptedFields) {
    }

    /** The outcome of opening one record: the decrypted record and how many fields were decrypted, or why not. */
    private sealed interface Opening {
        record Opened(ObjectNode record, int decryptedFields) implements Opening {
        }

        record Failed(DecryptFailure failure) implements Opening {
        }
    }

    /**
     * @param ref the mission's input ref
     * @throws IllegalArgumentException when the ref lacks a string {@code table} or {@code id}
     */
    Optional<ResolvedInput> resolve(EncryptedModule module, String userId, String missionId,
                                    GrantUnwrap.Unwrapped grant, ObjectNode ref) {
        String table = required(ref, "table");
        String id = required(ref, "id");
        if (!grant.allowList().contains(table + ":" + id)) {
            meters.scopeViolation(table);
            // Routine, not an alarm: a user may grant a mission fewer records than it lists. The metric is for alerts.
            log.atInfo().addKeyValue("user", userId).addKeyValue("mission", missionId).addKeyValue("table", table)
                    .addKeyValue("record", id).log("input not in the mission's grant: not read");
            appendAlone(AuditEntry.scopeViolation(userId, missionId, table, id));
            return Optional.empty();
        }
        Optional<Granted> granted;
        try {
            granted = WithUser.run(dataSource, userId, c -> {
                Optional<FoldedRecord> found = history.read(c, userId, module.appId(), table, id);
                if (found.isEmpty() || found.get().deleted()) {
                    return Optional.empty();
                }
                switch (open(found.get().record(), grant.key())) {
                    case Opening.Failed failed -> {
                        audit.append(c, AuditEntry.failed(userId, missionId, table, id, failed.failure()));
                        // INFO: with today's web app every real record fails so (SPEC §16.6); the audit keeps it.
                        log.atInfo().addKeyValue("user", userId).addKeyValue("mission", missionId)
                                .addKeyValue("table", table).addKeyValue("record", id)
                                .addKeyValue("reason", failed.failure().reason())
                                .log("granted record did not decrypt: left out");
                        return Optional.empty();
                    }
                    case Opening.Opened opened -> {
                        audit.append(c, AuditEntry.ok(userId, missionId, table, id));
                        return Optional.of(new Granted(new ResolvedInput(module.module(), table, id,
                                module.title(opened.record()), List.of(module.content(opened.record()))),
                                opened.decryptedFields()));
                    }
                }
            });
        } catch (SQLException e) {
            log.atWarn().addKeyValue("user", userId).addKeyValue("mission", missionId).addKeyValue("table", table)
                    .addKeyValue("record", id).addKeyValue("error", e.getClass().getSimpleName())
                    .addKeyValue("sqlState", e.getSQLState())
                    .log("granted record not read or its audit row not written: left out");
            return Optional.empty();
        }
        granted.ifPresent(g -> meters.decrypted(table, g.decryptedFields()));
        return granted.map(Granted::input);
    }

    /** The record with every {@code enc:1:} field decrypted; the first field that fails fails the record. */
    private static Opening open(ObjectNode record, MissionKey key) {
        ObjectNode opened = record.deepCopy();
        int decrypted = 0;
        for (Map.Entry<String, JsonNode> field : record.properties()) {
            switch (EncryptedValue.decrypt(field.getValue(), key)) {
                case EncryptedValue.Decrypted.Plain plain -> {
                }
                case EncryptedValue.Decrypted.Opened value -> {
                    opened.set(field.getKey(), value.value());
                    decrypted++;
                }
                case EncryptedValue.Decrypted.Failed failed -> {
                    return new Opening.Failed(failed.failure());
                }
            }
        }
        return new Opening.Opened(opened, decrypted);
    }

    /** An audit row outside a read; a failure to write it is logged and swallowed (nothing was read). */
    private void appendAlone(AuditEntry entry) {
        try {
            audit.append(entry);
        } catch (SQLException e) {
            log.atWarn().addKeyValue("user", entry.userId()).addKeyValue("mission", entry.missionId())
                    .addKeyValue("status", entry.status().column()).addKeyValue("error", e.getClass().getSimpleName())
                    .addKeyValue("sqlState", e.getSQLState()).log("decrypt audit row not written");
        }
    }

    private static String required(ObjectNode ref, String field) {
        JsonNode v = ref.get(field);
        if (v == null || !v.isTextual() || v.textValue().isEmpty()) {
            throw new IllegalArgumentException("encrypted input ref has no string '" + field + "'");
        }
        return v.textValue();
    }
}
