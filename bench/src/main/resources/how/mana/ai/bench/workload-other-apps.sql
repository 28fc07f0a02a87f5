-- Rows i in [from, to) (the two parameters) of the other apps the same users write to: records of four rows (an insert, three updates),
-- with ciphertext values as the web app's encrypted tables hold them.
INSERT INTO sync_changes (id, app_id, table_name, record_id, user_id, op, data, ${stamps}, client_id, created_at)
SELECT bench.uuid_of(p.seed, 'other', i)::uuid, a.app_id, a.table_name, bench.uuid_of(p.seed, 'other-record', i / 4),
       bench.user_id((i / 4) % p.users),
       CASE WHEN i % 4 = 0 THEN 'insert' ELSE 'update' END,
       CASE WHEN i % 4 = 0
            THEN jsonb_build_object('id', bench.uuid_of(p.seed, 'other-record', i / 4),
                                    'title', 'enc:1:' || md5('t' || i) || md5('u' || i),
                                    'body', 'enc:1:' || md5('b' || i) || md5('c' || i) || md5('d' || i) || md5('e' || i),
                                    'createdAt', bench.iso(t.row_at), 'updatedAt', bench.iso(t.row_at))
            ELSE jsonb_build_object('title', 'enc:1:' || md5('t' || i) || md5('u' || i), 'updatedAt', bench.iso(t.row_at))
       END,
       CASE WHEN i % 4 = 0 THEN '{}'::jsonb
            ELSE jsonb_build_object('title', bench.iso(t.row_at), 'updatedAt', bench.iso(t.row_at)) END,
       'device-' || i % 3, t.row_at
  FROM bench.params p
 CROSS JOIN generate_series(?::bigint, ?::bigint - 1) AS i
 CROSS JOIN LATERAL (SELECT p.anchor - interval '1 hour'
                            - bench.u01(p.seed, i / 4, 20) * interval '30 days' + (i % 4) * interval '10 minutes' AS row_at) t
 CROSS JOIN LATERAL (SELECT (ARRAY['todo', 'notes', 'calendar', 'journal', 'places', 'contacts'])[1 + (i / 4) % 6] AS app_id,
                            (ARRAY['tasks', 'notes', 'events', 'entries', 'places', 'contacts'])[1 + (i / 4) % 6] AS table_name) a
