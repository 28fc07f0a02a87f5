package how.mana.ai.resolve.grant;

/**
 * One audit row as {@code GET /api/v1/me/ai-audit} answers it (SPEC §17.3): the id as a string, {@code reason} and
 * {@code iterationId} JSON null when absent, {@code ts} in the devices' ISO form.
 */
public record AuditRow(String id, String missionId, String iterationId, String tableName, String recordId,
                       String status, String reason, String ts) {
}
