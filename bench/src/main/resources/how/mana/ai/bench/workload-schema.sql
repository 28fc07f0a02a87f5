-- The benchmark's own helpers in the scratch database (schema "bench"; the service role cannot see it).
-- Every pseudo-random choice is a hash of (seed, key, salt), never random(): the same parameters give the same rows.
CREATE SCHEMA bench;

CREATE TABLE bench.params (
    seed              bigint           NOT NULL,
    users             int              NOT NULL,
    missions_per_user int              NOT NULL,
    rows_per_mission  int              NOT NULL,
    due_fraction      double precision NOT NULL,
    other_multiplier  int              NOT NULL,
    anchor            timestamptz      NOT NULL
);

-- A uniform number in [0, 1) for (key, salt) under the seed.
CREATE FUNCTION bench.u01(seed bigint, k bigint, salt int) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (hashint8extended(k * 1000 + salt, seed) & 2147483647)::double precision / 2147483648.0;

-- A stable uuid (in text form) for (tag, key) under the seed.
CREATE FUNCTION bench.uuid_of(seed bigint, tag text, k bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN md5(tag || ':' || seed || ':' || k)::uuid::text;

-- JavaScript toISOString() form, as devices write timestamps.
CREATE FUNCTION bench.iso(t timestamptz) RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"');

CREATE FUNCTION bench.user_id(u bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'bench-user-' || lpad(u::text, 6, '0');

-- 0 to 3 earlier browser iterations, alternately approved and rejected with feedback.
CREATE FUNCTION bench.iterations(seed bigint, g bigint, created timestamptz) RETURNS jsonb
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN (SELECT coalesce(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                'id', bench.uuid_of(seed, 'iteration', g * 10 + i),
                'startedAt', bench.iso(created + i * interval '1 day'),
                'finishedAt', bench.iso(created + i * interval '1 day' + interval '40 seconds'),
                'plan', jsonb_build_array(jsonb_build_object(
                    'id', bench.uuid_of(seed, 'iteration', g * 10 + i) || '-0',
                    'summary', 'Block time for the long run',
                    'intent', jsonb_build_object('kind', 'toolCall', 'toolName', 'create_task',
                        'params', jsonb_build_object('title', 'Long run on Sunday',
                                                     'dueDate', to_char(created + i * interval '1 day', 'YYYY-MM-DD'))),
                    'status', CASE WHEN i % 2 = 0 THEN 'approved' ELSE 'rejected' END)),
                'summary', 'Week ' || i || ' planned around the running goal',
                'userFeedback', CASE WHEN i % 2 = 1 THEN 'Too early in the morning, please plan evenings' END,
                'overallStatus', CASE WHEN i % 2 = 0 THEN 'approved' ELSE 'rejected' END)) ORDER BY i), '[]'::jsonb)
            FROM generate_series(1, floor(bench.u01(seed, g, 12) * 4)::int) AS i);

-- Every mission of the workload with its final (winning) values. g numbers the missions 0 .. users*missions-1.
CREATE VIEW bench.missions AS
SELECT g, user_id, mission_id, created, state, deleted, cadence, due,
       CASE WHEN due THEN anchor - (1 + r_when * 600) * interval '1 minute'
            WHEN cadence ->> 'kind' = 'manual' THEN NULL
            ELSE anchor + interval '1 hour' + r_when * interval '7 days' END AS next_run_at
  FROM (SELECT h.*, (h.state = 'active' AND NOT h.deleted AND h.r_due < h.due_fraction) AS due
          FROM (SELECT g, p.anchor, p.due_fraction,
                       bench.user_id(g / p.missions_per_user) AS user_id,
                       bench.uuid_of(p.seed, 'mission', g) AS mission_id,
                       p.anchor - (1 + bench.u01(p.seed, g, 6) * 29) * interval '1 day' AS created,
                       CASE WHEN bench.u01(p.seed, g, 1) < 0.80 THEN 'active'
                            WHEN bench.u01(p.seed, g, 1) < 0.90 THEN 'paused'
                            WHEN bench.u01(p.seed, g, 1) < 0.95 THEN 'done'
                            ELSE 'archived' END AS state,
                       (p.rows_per_mission > 1 AND bench.u01(p.seed, g, 2) < 0.02) AS deleted,
                       CASE WHEN bench.u01(p.seed, g, 3) < 0.15 THEN '{"kind":"manual"}'::jsonb
                            WHEN bench.u01(p.seed, g, 3) < 0.45 THEN jsonb_build_object('kind', 'interval',
                                 'everyMinutes', 60 * (1 + floor(bench.u01(p.seed, g, 8) * 24)))
                            WHEN bench.u01(p.seed, g, 3) < 0.75 THEN jsonb_build_object('kind', 'daily',
                                 'atHour', floor(bench.u01(p.seed, g, 8) * 24), 'atMinute', 15 * floor(bench.u01(p.seed, g, 9) * 4))
                            WHEN bench.u01(p.seed, g, 3) < 0.90 THEN jsonb_build_object('kind', 'weekly',
                                 'dayOfWeek', floor(bench.u01(p.seed, g, 9) * 7), 'atHour', floor(bench.u01(p.seed, g, 8) * 24))
                            ELSE '{"kind":"cron","expression":"0 7 * * 1-5"}'::jsonb END AS cadence,
                       bench.u01(p.seed, g, 4) AS r_due,
                       bench.u01(p.seed, g, 5) AS r_when
                  FROM bench.params p
                 CROSS JOIN generate_series(0::bigint, p.users::bigint * p.missions_per_user - 1) AS g) h) d;
