-- The projection folds any record kind (projection.RecordKind), not just missions: each kind keeps its own
-- <kind>_changes view, <kind>_fields and <kind>_snapshots tables (missions keep theirs), and shares these two.

-- One cursor per kind. The missions' watermark carries over, so the upgrade costs no refold.
ALTER TABLE projection_cursor ADD COLUMN kind text NOT NULL DEFAULT 'mission';
ALTER TABLE projection_cursor ALTER COLUMN kind DROP DEFAULT;
ALTER TABLE projection_cursor DROP CONSTRAINT projection_cursor_pkey;
ALTER TABLE projection_cursor DROP COLUMN singleton;
ALTER TABLE projection_cursor ADD PRIMARY KEY (kind);

-- Malformed rows of every kind; row ids are unique across sync_changes.
ALTER TABLE skipped_rows RENAME COLUMN mission_id TO record_id;
ALTER TABLE skipped_rows ADD COLUMN kind text NOT NULL DEFAULT 'mission';
ALTER TABLE skipped_rows ALTER COLUMN kind DROP DEFAULT;
