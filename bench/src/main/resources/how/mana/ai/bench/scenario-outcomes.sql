-- What became of the missions a scenario created (parameters: the slow marker, mana-ai's client id, the mission ids):
-- when each became due (its nextRunAt), whether its title carries the marker, when mana-ai first wrote an iteration
-- row for it (that row's created_at: the start of the write-back transaction, which commits milliseconds later) and
-- how many it wrote. Both lookups go through mana-sync's (table_name, record_id, created_at) index.
SELECT (m.data ->> 'nextRunAt')::timestamptz AS due_at, strpos(m.data ->> 'title', ?) > 0 AS slow,
       w.first_at, w.writes
  FROM sync_changes m
 CROSS JOIN LATERAL (SELECT min(r.created_at) AS first_at, count(*) AS writes
                       FROM sync_changes r
                      WHERE r.table_name = 'aiMissions' AND r.record_id = m.record_id AND r.app_id = 'ai'
                        AND r.user_id = m.user_id AND r.client_id = ?) w
 WHERE m.table_name = 'aiMissions' AND m.record_id = ANY (?) AND m.app_id = 'ai' AND m.op = 'insert'
