-- The change rows of missions g in [from, to) (the two parameters): an insert with the whole record, then updates of a few fields each with
-- their field timestamps (mostly in order, some stale, some tied with the row before), the last row setting the
-- winning state and nextRunAt, or deleting the mission.
INSERT INTO sync_changes (id, app_id, table_name, record_id, user_id, op, data, ${stamps}, client_id, created_at)
SELECT bench.uuid_of(p.seed, 'row', m.g * p.rows_per_mission + j)::uuid, 'ai', 'aiMissions', m.mission_id, m.user_id,
       r.op, r.data, r.field_timestamps, 'device-' || (m.g + j) % 3, r.row_at
  FROM bench.params p
 -- OFFSET 0 keeps the subquery apart: each mission is derived once, not once per row.
 CROSS JOIN (SELECT * FROM bench.missions WHERE g >= ? AND g < ? OFFSET 0) m
 CROSS JOIN generate_series(0, p.rows_per_mission - 1) AS j
 CROSS JOIN LATERAL (SELECT m.created + (p.anchor - interval '1 hour' - m.created) * j / p.rows_per_mission AS row_at,
                            m.created + (p.anchor - interval '1 hour' - m.created) * greatest(j - 1, 0) / p.rows_per_mission AS prev_at,
                            j = p.rows_per_mission - 1 AS last,
                            bench.u01(p.seed, m.g * p.rows_per_mission + j, 10) AS r_ts,
                            bench.u01(p.seed, m.g * p.rows_per_mission + j, 11) AS r_field) t
 CROSS JOIN LATERAL (SELECT CASE WHEN t.r_ts < 0.8 THEN t.row_at
                                 WHEN t.r_ts < 0.9 THEN t.row_at - interval '2 days'
                                 ELSE t.prev_at END AS edit_at) e
 CROSS JOIN LATERAL (SELECT CASE WHEN t.r_field < 0.35 THEN 'title'
                                 WHEN t.r_field < 0.60 THEN 'objective'
                                 WHEN t.r_field < 0.75 THEN 'conceptMarkdown'
                                 WHEN t.r_field < 0.85 THEN 'nextRunAt'
                                 WHEN t.r_field < 0.92 THEN 'state'
                                 ELSE 'iterations' END AS field) f
 CROSS JOIN LATERAL (
     SELECT CASE WHEN j = 0 THEN 'insert' WHEN t.last AND m.deleted THEN 'delete' ELSE 'update' END AS op,
            t.row_at,
            CASE
                WHEN j = 0 THEN jsonb_strip_nulls(jsonb_build_object(
                    'id', m.mission_id,
                    'createdAt', bench.iso(m.created),
                    'updatedAt', bench.iso(m.created),
                    'title', 'Mission ' || m.g || ': keep my week planned around my running goal',
                    'conceptMarkdown', E'# Running week\n\nPlan three runs a week, one of them long, and keep the '
                        || E'evenings free for recovery.\n\n- mornings before work\n- no runs two days in a row\n'
                        || '- the long run on the weekend, ' || (m.g % 30 + 10) || ' km',
                    'objective', 'Finish the half marathon in under ' || (m.g % 40 + 100) || ' minutes',
                    'inputs', jsonb_build_array(
                        jsonb_build_object('module', 'goals', 'table', 'goals', 'id', bench.uuid_of(p.seed, 'goal', m.g)),
                        jsonb_build_object('module', 'notes', 'table', 'notes', 'id', bench.uuid_of(p.seed, 'note', m.g))),
                    'cadence', m.cadence,
                    'state', CASE WHEN p.rows_per_mission = 1 THEN m.state ELSE 'active' END,
                    'nextRunAt', CASE WHEN p.rows_per_mission = 1 THEN bench.iso(m.next_run_at)
                                      ELSE bench.iso(m.created + interval '1 day') END,
                    'iterations', bench.iterations(p.seed, m.g, m.created),
                    'userId', m.user_id))
                WHEN t.last AND m.deleted THEN jsonb_build_object('deletedAt', bench.iso(t.row_at))
                WHEN t.last THEN jsonb_build_object('state', m.state,
                    'nextRunAt', coalesce(to_jsonb(bench.iso(m.next_run_at)), 'null'::jsonb),
                    'updatedAt', bench.iso(t.row_at))
                ELSE jsonb_build_object('updatedAt', bench.iso(e.edit_at), f.field, CASE f.field
                    WHEN 'title' THEN to_jsonb('Mission ' || m.g || ', revision ' || j)
                    WHEN 'objective' THEN to_jsonb('Finish the half marathon, revision ' || j)
                    WHEN 'conceptMarkdown' THEN to_jsonb(E'# Running week\n\nRevision ' || j || E' of the plan.\n')
                    WHEN 'nextRunAt' THEN to_jsonb(bench.iso(m.created + (j + 1) * interval '1 day'))
                    WHEN 'state' THEN to_jsonb('paused'::text)
                    ELSE bench.iterations(p.seed, m.g, m.created) END)
            END AS data,
            CASE
                WHEN j = 0 OR (t.last AND m.deleted) THEN '{}'::jsonb
                WHEN t.last THEN jsonb_build_object('state', bench.iso(t.row_at), 'nextRunAt', bench.iso(t.row_at),
                                                    'updatedAt', bench.iso(t.row_at))
                ELSE jsonb_build_object('updatedAt', bench.iso(e.edit_at), f.field, bench.iso(e.edit_at))
            END AS field_timestamps) r
