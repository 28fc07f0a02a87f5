-- A mission created on a device and started at once ("run now"): an insert of the whole record whose nextRunAt is the
-- moment of the write, so it is due as soon as it is visible (parameters: mission id, user id, title, client id).
INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, ${stamps}, client_id)
SELECT 'ai', 'aiMissions', m.id, m.user_id, 'insert',
       jsonb_build_object('id', m.id, 'createdAt', bench.iso(now()), 'updatedAt', bench.iso(now()),
                          'title', m.title, 'objective', 'Finish the half marathon in under two hours',
                          'conceptMarkdown', E'# Running week\n\nThree runs a week, one of them long.',
                          'inputs', '[]'::jsonb, 'cadence', '{"kind":"interval","everyMinutes":1440}'::jsonb,
                          'state', 'active', 'nextRunAt', bench.iso(now()), 'iterations', '[]'::jsonb,
                          'userId', m.user_id),
       '{}'::jsonb, m.client_id
  FROM (SELECT ?::text AS id, ?::text AS user_id, ?::text AS title, ?::text AS client_id) m
