-- The projection is a cache: everything in these tables is derived from sync_changes and refolded from it at will.
-- Writing it to the WAL cost the shared database's disk and its replicas a copy of every fold (a rebuild at a
-- million mission rows writes ~1.2 M field rows) and every refresh a WAL flush at commit, for nothing that could
-- not be recomputed. Unlogged tables skip the WAL; PostgreSQL empties them after a crash (and a promoted standby has
-- them empty), all four together: the next refresh then finds no cursor row and folds every mission row again
-- (SnapshotRefresh). run_slots is not here: it is the exactly-once record and stays logged.
ALTER TABLE mission_fields SET UNLOGGED;
ALTER TABLE mission_snapshots SET UNLOGGED;
ALTER TABLE skipped_rows SET UNLOGGED;
ALTER TABLE projection_cursor SET UNLOGGED;
