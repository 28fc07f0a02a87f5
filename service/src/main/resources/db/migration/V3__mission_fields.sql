-- The fold state per field instead of one blob per mission (see SnapshotMerge): an edit of one field writes one
-- small row, merged by PostgreSQL itself, instead of loading, decoding and rewriting the mission's whole state.

-- One row per mission and field: the winning candidate (SPEC §4, §9) and what settles the next comparison.
-- at_second/at_nano is the field's instant exactly as the fold compares it: device timestamps may carry
-- nanoseconds and years outside timestamptz's range. row_id compares bytewise (COLLATE "C"), as Java's
-- String.compareTo does for the lowercase uuid text it holds.
CREATE TABLE mission_fields (
    user_id        text                 NOT NULL,
    mission_id     text                 NOT NULL,
    field          text                 NOT NULL,
    value          jsonb                NOT NULL,
    at_second      bigint               NOT NULL,
    at_nano        integer              NOT NULL,
    row_created_at timestamptz          NOT NULL,
    row_id         text COLLATE "C"     NOT NULL,
    -- Mission first: a rebuild inserts in mission id order (SnapshotRefresh), so the index grows at its end.
    PRIMARY KEY (mission_id, user_id, field)
);

ALTER TABLE mission_fields ENABLE ROW LEVEL SECURITY;
CREATE POLICY mission_fields_user_scope ON mission_fields
    USING (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id))
    WITH CHECK (coalesce(current_setting('app.current_user_id', true), '') IN ('', user_id));

-- mission_snapshots keeps one row per mission with the columns the due query and the listing filter on. Its
-- states are not converted: the snapshot is a projection of sync_changes and nothing else, so emptying it and
-- resetting the watermark makes the next refresh fold every mission row again (as a rebuild does), under the
-- refresh lock, before any due query sees it. skipped_rows stays: those rows are still malformed and were
-- already logged.
TRUNCATE mission_snapshots;
ALTER TABLE mission_snapshots DROP COLUMN state;
UPDATE projection_cursor SET watermark = '-infinity', updated_at = now();
