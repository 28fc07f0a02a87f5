-- Makes the given number of missions due now, as a user pressing "run now" on a device would: active, undeleted missions that the
-- workload did not make due, each rescheduled to a minute ago.
INSERT INTO sync_changes (app_id, table_name, record_id, user_id, op, data, ${stamps}, client_id)
SELECT 'ai', 'aiMissions', m.mission_id, m.user_id, 'update',
       jsonb_build_object('nextRunAt', bench.iso(now() - interval '1 minute'), 'updatedAt', bench.iso(now())),
       jsonb_build_object('nextRunAt', bench.iso(now()), 'updatedAt', bench.iso(now())), 'device-arm'
  FROM bench.params p
 CROSS JOIN bench.missions m
 WHERE m.state = 'active' AND NOT m.deleted AND NOT m.due
 ORDER BY bench.u01(p.seed, m.g, 40)
 LIMIT ?
