-- Every attempt to read a granted (encrypted) record for a mission: ok, failed or scope-violation (SPEC §17.1).
-- The owner reads their own rows through GET /api/v1/me/ai-audit. Append-only: migrate grants the service role
-- INSERT and SELECT on it, never UPDATE or DELETE.
CREATE TABLE decrypt_audit (
    id           bigserial   PRIMARY KEY,
    user_id      text        NOT NULL,
    mission_id   text        NOT NULL,
    iteration_id text        NULL,
    table_name   text        NOT NULL,
    record_id    text        NOT NULL,
    status       text        NOT NULL CHECK (status IN ('ok', 'failed', 'scope-violation')),
    reason       text        NULL,
    ts           timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX decrypt_audit_user_mission_ts_idx ON decrypt_audit (user_id, mission_id, ts DESC);
-- The endpoint's default read, all of a user's missions newest first, without sorting all their rows.
CREATE INDEX decrypt_audit_user_ts_idx ON decrypt_audit (user_id, ts DESC);

-- A row is visible and insertable only inside its user's scope (WithUser sets app.current_user_id). Forced, unlike
-- upstream: a service role that owns the table (migrations run by the service itself) is held to it too.
ALTER TABLE decrypt_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE decrypt_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY decrypt_audit_user_scope ON decrypt_audit
    USING (user_id = current_setting('app.current_user_id', true));

-- migrate revokes the service role's UPDATE, DELETE and TRUNCATE here (db.Migrations).
COMMENT ON TABLE decrypt_audit IS 'append-only for the service: every decryption attempt, as it happened';
