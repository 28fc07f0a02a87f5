-- Steady-state traffic between two ticks (parameters: edits, round, other rows): title or objective edits of missions
-- drawn by the round, stamped now, that change nothing about which missions are due; plus rows of the other apps.
INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, ${stamps}, client_id)
SELECT 'ai', 'aiMissions', m.mission_id, m.user_id, 'update',
       jsonb_build_object(e.field, 'Edited in round ' || e.round || ' (' || n || ')', 'updatedAt', bench.iso(now())),
       jsonb_build_object(e.field, bench.iso(now()), 'updatedAt', bench.iso(now())), 'device-edit'
  FROM bench.params p
 CROSS JOIN generate_series(1, ?) AS n
 CROSS JOIN LATERAL (SELECT ?::bigint AS round) r
 CROSS JOIN LATERAL (SELECT r.round,
                            floor(bench.u01(p.seed, r.round * 1000003 + n, 30) * p.users * p.missions_per_user)::bigint AS g,
                            CASE WHEN n % 2 = 0 THEN 'title' ELSE 'objective' END AS field) e
 CROSS JOIN LATERAL (SELECT bench.user_id(e.g / p.missions_per_user) AS user_id,
                            bench.uuid_of(p.seed, 'mission', e.g) AS mission_id) m
UNION ALL
SELECT (ARRAY['todo', 'notes', 'calendar'])[1 + n % 3], (ARRAY['tasks', 'notes', 'events'])[1 + n % 3],
       md5('edit-record:' || n)::uuid::text, bench.user_id(n % p.users), 'update',
       jsonb_build_object('title', 'enc:1:' || md5('edit' || n), 'updatedAt', bench.iso(now())),
       jsonb_build_object('title', bench.iso(now()), 'updatedAt', bench.iso(now())), 'device-edit'
  FROM bench.params p
 CROSS JOIN generate_series(1, ?) AS n
