-- Agents (SPEC §12): folded as a second record kind with the missions' rules (projection.RecordKind), the run
-- slots keyed to an agent for its concurrency cap, the token usage its budget is checked against, and the last
-- decision of the agent gates per mission.

-- The kind's tables have the missions' shape (V3, V5) with the record id named agent_id.
CREATE UNLOGGED TABLE agent_fields (LIKE mission_fields INCLUDING ALL);
ALTER TABLE agent_fields RENAME COLUMN mission_id TO agent_id;
ALTER TABLE agent_fields ENABLE ROW LEVEL SECURITY;
CREATE POLICY agent_fields_user_scope ON agent_fields
    USING (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id))
    WITH CHECK (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id));

CREATE UNLOGGED TABLE agent_snapshots (
    user_id    text        NOT NULL,
    agent_id   text        NOT NULL,
    deleted    boolean     NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, agent_id)
);
ALTER TABLE agent_snapshots ENABLE ROW LEVEL SECURITY;
CREATE POLICY agent_snapshots_user_scope ON agent_snapshots
    USING (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id))
    WITH CHECK (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id));

INSERT INTO record_kinds (name, app_id, table_name) VALUES ('agent', 'ai', 'agents');
SELECT define_record_views();

-- Which agent a slot was claimed for: the live leases of one (user, agent) are its missions being planned now.
ALTER TABLE run_slots ADD COLUMN agent_id text;
CREATE INDEX run_slots_agent_leases_idx ON run_slots (user_id, agent_id) WHERE status = 'pending' AND agent_id IS NOT NULL;

-- Tokens each run of an agent's mission used (§13.2); the budget gate sums the last 24 hours. Append-only; rows
-- older than 48 hours are pruned.
CREATE TABLE token_usage (
    id          bigserial   PRIMARY KEY,
    user_id     text        NOT NULL,
    agent_id    text        NOT NULL,
    mission_id  text        NOT NULL,
    tokens_used int         NOT NULL CHECK (tokens_used > 0),
    ts          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX token_usage_agent_ts_idx ON token_usage (user_id, agent_id, ts DESC);

-- Why a mission of an agent was or was not planned, the last time the gates looked at it (§12.4).
CREATE TABLE agent_decisions (
    user_id    text        NOT NULL,
    mission_id text        NOT NULL,
    agent_id   text        NOT NULL,
    decision   text        NOT NULL,
    decided_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, mission_id)
);

-- The service role applies no migration (an administrator runs migrate), so it only reads Flyway's history.
COMMENT ON TABLE flyway_schema_history IS 'read-only for the service: only migrate, as an administrator, writes it';
