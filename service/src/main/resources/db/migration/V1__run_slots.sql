-- One row per due slot: (user, mission, the nextRunAt string that made it due). The primary key is what makes
-- "at most one iteration per slot" hold across ticks and replicas; the lease says who is planning it now.
CREATE TABLE run_slots (
    user_id         text        NOT NULL,
    mission_id      text        NOT NULL,
    slot            text        NOT NULL,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'done', 'failed', 'superseded')),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    lease_owner     text,
    lease_until     timestamptz,
    last_error      text,
    iteration_id    uuid,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, mission_id, slot)
);
CREATE INDEX run_slots_pending_idx ON run_slots (next_attempt_at) WHERE status = 'pending';
