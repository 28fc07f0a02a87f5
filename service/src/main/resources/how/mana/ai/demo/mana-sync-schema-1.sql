-- sync_changes as mana-sync up to v0.3 creates it (generation 1, SPEC §2). mana-ai never runs this against a
-- production database: the demo, the benchmarks and the tests use it to stand up a scratch database like production.
CREATE TABLE sync_changes (
    id               uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id           text        NOT NULL,
    table_name       text        NOT NULL,
    record_id        text        NOT NULL,
    user_id          text        NOT NULL,
    op               text        NOT NULL,
    data             jsonb,
    field_timestamps jsonb       DEFAULT '{}'::jsonb,
    client_id        text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    schema_version   int         NOT NULL DEFAULT 1,
    actor            jsonb
);
CREATE INDEX sync_changes_user_app_created_idx ON sync_changes (user_id, app_id, created_at);
CREATE INDEX sync_changes_table_record_created_idx ON sync_changes (table_name, record_id, created_at);
CREATE INDEX sync_changes_user_app_table_created_idx ON sync_changes (user_id, app_id, table_name, created_at);
ALTER TABLE sync_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_changes_user_isolation ON sync_changes
    USING (user_id = current_setting('app.current_user_id', true))
    WITH CHECK (user_id = current_setting('app.current_user_id', true));
