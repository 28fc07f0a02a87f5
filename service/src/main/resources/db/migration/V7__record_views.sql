-- The record kinds the projection folds (projection.RecordKind) and the views over their rows of sync_changes.
-- Only an administrator writes this table (migrate revokes the service role's writes, see its comment): a kind's
-- view reads every user's rows of that app and table.
CREATE TABLE record_kinds (
    name       text PRIMARY KEY CHECK (name ~ '^[a-z][a-z_]{0,30}$'),
    app_id     text NOT NULL,
    table_name text NOT NULL
);
COMMENT ON TABLE record_kinds IS 'read-only for the service: which rows the record views show; only migrate writes it';
INSERT INTO record_kinds (name, app_id, table_name) VALUES ('mission', 'ai', 'aiMissions');

-- (Re)defines each kind's view <name>_changes for the columns sync_changes has now, and returns the generation
-- (1 or 2, SPEC §10.4); a view whose stamps change is redefined and its kind refolded. The per-field stamp map is
-- the column `stamps`: field_meta (generation 2), else
-- field_timestamps (generation 1); with both columns, field_meta unless it is NULL or {} (sync.SyncTable applies the
-- same rule to the service's own reads). Definer rights, so the views stay owned by the administrator, who bypasses
-- RLS: migrate calls it, and so does the service at every start, which is how a stamp column added while it ran
-- (an upgrade to generation 2) is picked up. It takes no arguments and defines nothing but the listed kinds' views.
-- security_barrier: a view's filter runs before any predicate a caller adds, so a caller's function cannot be handed
-- other rows; leakproof comparisons such as created_at >= x still reach the indexes.
CREATE FUNCTION define_record_views() RETURNS int
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER
    SET search_path = pg_catalog, public
AS $$
DECLARE
    has_meta       boolean;
    has_timestamps boolean;
    stamps         text;
    view           text;
    kind           record;
BEGIN
    -- Replicas starting together would otherwise race on the same views.
    PERFORM pg_advisory_xact_lock(7161357937440112);
    SELECT coalesce(bool_or(a.attname = 'field_meta'), false), coalesce(bool_or(a.attname = 'field_timestamps'), false)
      INTO has_meta, has_timestamps
      FROM pg_attribute a
     WHERE a.attrelid = 'public.sync_changes'::regclass AND a.attnum > 0 AND NOT a.attisdropped;
    IF has_meta AND has_timestamps THEN
        stamps := 'CASE WHEN c.field_meta IS NULL OR c.field_meta = ''{}''::jsonb THEN c.field_timestamps ELSE c.field_meta END';
    ELSIF has_meta THEN
        stamps := 'c.field_meta';
    ELSIF has_timestamps THEN
        stamps := 'c.field_timestamps';
    ELSE
        RAISE EXCEPTION 'public.sync_changes has neither field_meta nor field_timestamps';
    END IF;
    FOR kind IN SELECT k.name, k.app_id, k.table_name FROM mana_ai.record_kinds k LOOP
        view := 'mana_ai.' || kind.name || '_changes';
        IF to_regclass(view) IS NOT NULL AND obj_description(to_regclass(view), 'pg_class') = stamps THEN
            CONTINUE;
        END IF;
        EXECUTE format($view$
            CREATE OR REPLACE VIEW mana_ai.%I WITH (security_barrier) AS
            SELECT c.id, c.app_id, c.table_name, c.record_id, c.user_id, c.op, c.data, %s AS stamps, c.created_at
            FROM public.sync_changes c
            WHERE c.app_id = %L AND c.table_name = %L$view$,
            kind.name || '_changes', stamps, kind.app_id, kind.table_name);
        -- The comment remembers which stamps the view reads. When they change (mana-sync was upgraded), what the
        -- kind's projection folded from the old ones is folded again: without a cursor row the next refresh
        -- rebuilds (projection.SnapshotRefresh).
        EXECUTE format('COMMENT ON VIEW mana_ai.%I IS %L', kind.name || '_changes', stamps);
        DELETE FROM mana_ai.projection_cursor WHERE projection_cursor.kind = kind.name;
    END LOOP;
    RETURN CASE WHEN has_meta THEN 2 ELSE 1 END;
END
$$;
REVOKE EXECUTE ON FUNCTION define_record_views() FROM PUBLIC;

-- Installations before V7 have the mission view as V2 defined it (its stamp column named field_timestamps).
DROP VIEW IF EXISTS mission_changes;
SELECT define_record_views();
