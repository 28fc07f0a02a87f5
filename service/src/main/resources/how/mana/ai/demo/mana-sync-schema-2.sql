-- sync_changes as a current mana-sync creates it (generation 2, SPEC §10.1, §10.2): field_meta instead of
-- field_timestamps, origin and space_id, and a second read policy for members of a shared space. mana-ai never runs
-- this against a production database: the demo, the benchmarks and the tests use it for scratch databases.
CREATE TABLE sync_changes (
    id             uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    app_id         text        NOT NULL,
    table_name     text        NOT NULL,
    record_id      text        NOT NULL,
    user_id        text        NOT NULL,
    op             text        NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    data           jsonb,
    field_meta     jsonb       DEFAULT '{}'::jsonb,
    client_id      text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    schema_version int         NOT NULL DEFAULT 1,
    actor          jsonb,
    origin         text,
    space_id       text
);
CREATE INDEX sync_changes_user_app_created_idx ON sync_changes (user_id, app_id, created_at);
CREATE INDEX sync_changes_table_record_created_idx ON sync_changes (table_name, record_id, created_at);
CREATE INDEX sync_changes_user_app_table_created_idx ON sync_changes (user_id, app_id, table_name, created_at);
CREATE INDEX sync_changes_user_space_app_created_idx ON sync_changes (user_id, space_id, app_id, created_at)
    WHERE space_id IS NOT NULL;
ALTER TABLE sync_changes ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_changes FORCE ROW LEVEL SECURITY;
CREATE POLICY sync_changes_user_isolation ON sync_changes
    USING (user_id = current_setting('app.current_user_id', true))
    WITH CHECK (user_id = current_setting('app.current_user_id', true));
CREATE POLICY sync_changes_space_member_read ON sync_changes FOR SELECT
    USING (space_id IS NOT NULL AND space_id = ANY (
        string_to_array(coalesce(current_setting('app.current_user_space_ids', true), ''), ',')));
