-- The mission projection (SPEC §4, §7). Flyway runs this as the administrator; it never alters sync_changes.

-- The view of mission rows (mission_changes) is defined by define_record_views() since V7: it reads the stamp
-- column of whichever generation sync_changes is (SPEC §10.4), which a fixed definition here could not.

-- The instant before which every transaction of this database has ended (see SnapshotRefresh): the start of the
-- oldest transaction still open in another client session, else now. One second earlier closes the tiny window
-- between a transaction taking its start time and publishing it in pg_stat_activity. Definer rights: reading
-- other roles' xact_start needs superuser or pg_read_all_stats.
CREATE FUNCTION visibility_horizon() RETURNS timestamptz
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    horizon timestamptz;
BEGIN
    -- pg_stat_activity is cached per transaction: force a fresh read.
    PERFORM pg_stat_clear_snapshot();
    SELECT least(clock_timestamp(), min(a.xact_start)) INTO horizon
    FROM pg_stat_activity a
    WHERE a.datname = current_database()
      AND a.pid <> pg_backend_pid()
      AND a.backend_type = 'client backend'
      AND a.xact_start IS NOT NULL;
    RETURN horizon - interval '1 second';
END
$$;
REVOKE EXECUTE ON FUNCTION visibility_horizon() FROM PUBLIC;

-- The folded state of every mission, per owner (mission ids are unique only per user), plus the columns the due
-- query needs. state holds the per-field winning candidates (RecordStateJson), so later rows fold in without
-- re-reading history.
CREATE TABLE mission_snapshots (
    user_id          text        NOT NULL,
    mission_id       text        NOT NULL,
    state            jsonb       NOT NULL,
    deleted          boolean     NOT NULL,
    mission_state    text,
    next_run_at      timestamptz,
    next_run_at_text text,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, mission_id)
);
CREATE INDEX mission_snapshots_due_idx ON mission_snapshots (next_run_at)
    WHERE mission_state = 'active' AND NOT deleted AND next_run_at IS NOT NULL;

-- Defence in depth for per-user paths: inside withUser (app.current_user_id set) only that user's snapshots are
-- visible, whatever the query says; service-wide work (refresh, due query) runs with no user set.
ALTER TABLE mission_snapshots ENABLE ROW LEVEL SECURITY;
CREATE POLICY mission_snapshots_user_scope ON mission_snapshots
    USING (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id))
    WITH CHECK (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id));

-- How far the snapshot has read: the next refresh reads mission rows with created_at >= watermark.
CREATE TABLE projection_cursor (
    singleton  boolean     PRIMARY KEY DEFAULT true CHECK (singleton),
    watermark  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO projection_cursor (watermark) VALUES ('-infinity');

-- Malformed rows seen, once each: re-reading a row (the watermark overlaps) neither logs nor counts it again.
CREATE TABLE skipped_rows (
    row_id     uuid        PRIMARY KEY,
    user_id    text        NOT NULL,
    mission_id text        NOT NULL,
    reason     text        NOT NULL,
    skipped_at timestamptz NOT NULL DEFAULT now()
);
