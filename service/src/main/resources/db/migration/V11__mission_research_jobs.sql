-- Deep-research jobs (SPEC-LATEST §19.2): at most one per mission. Unlike upstream's table (row present = job
-- pending, deleted when it ends) a row records which slot (the mission's nextRunAt text, as run_slots keys it) its
-- job was submitted for and stays, as 'done', once the job ended: the key then refuses a second submission for that
-- slot, on any replica, also after a crash (DESIGN.md, "Deep research: never twice for a slot").
--   submitting  reserved under the slot's claim, the submit request not yet answered (task_id NULL)
--   pending     submitted; polled on every planning of the mission
--   done        ended (completed, failed, cancelled, or its submission failed or was interrupted)
CREATE TABLE mission_research_jobs (
    user_id        text        NOT NULL,
    mission_id     text        NOT NULL,
    slot           text        NOT NULL,
    state          text        NOT NULL CHECK (state IN ('submitting', 'pending', 'done')),
    task_id        text        NULL CHECK (state <> 'pending' OR task_id IS NOT NULL),
    provider_id    text        NOT NULL,
    submitted_at   timestamptz NOT NULL DEFAULT now(),
    last_polled_at timestamptz NULL,
    PRIMARY KEY (user_id, mission_id)
);
CREATE INDEX mission_research_jobs_user_submitted_idx ON mission_research_jobs (user_id, submitted_at DESC);

-- Read and written only inside the owner's scope (WithUser sets app.current_user_id); forced, so a service role
-- that owns the table is held to it too.
ALTER TABLE mission_research_jobs ENABLE ROW LEVEL SECURITY;
ALTER TABLE mission_research_jobs FORCE ROW LEVEL SECURITY;
CREATE POLICY mission_research_jobs_user_scope ON mission_research_jobs
    USING (user_id = current_setting('app.current_user_id', true))
    WITH CHECK (user_id = current_setting('app.current_user_id', true));
