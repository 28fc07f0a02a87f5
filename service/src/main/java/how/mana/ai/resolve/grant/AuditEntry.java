package how.mana.ai.resolve.grant;

import java.util.Optional;

/**
 * One row of {@code mana_ai.decrypt_audit} to write: an attempt to read a granted record of a mission (SPEC §17.1).
 * {@code iteration_id} stays NULL, as upstream: the iteration's id is known only after planning.
 */
record AuditEntry(String userId, String missionId, String tableName, String recordId, Status status,
                  Optional<String> reason) {

    /** The audit's {@code status} column. */
    enum Status {
        OK("ok"), FAILED("failed"), SCOPE_VIOLATION("scope-violation");

        private final String column;

        Status(String column) {
            this.column = column;
        }

        String column() {
            return column;
        }
    }

    static final String NOT_IN_ALLOW_LIST = "record-not-in-grant-allowlist";

    static AuditEntry ok(String userId, String missionId, String table, String recordId) {
        return new AuditEntry(userId, missionId, table, recordId, Status.OK, Optional.empty());
    }

    static AuditEntry failed(String userId, String missionId, String table, String recordId, DecryptFailure why) {
        return new AuditEntry(userId, missionId, table, recordId, Status.FAILED, Optional.of(why.reason()));
    }

    static AuditEntry scopeViolation(String userId, String missionId, String table, String recordId) {
        return new AuditEntry(userId, missionId, table, recordId, Status.SCOPE_VIOLATION,
                Optional.of(NOT_IN_ALLOW_LIST));
    }
}
