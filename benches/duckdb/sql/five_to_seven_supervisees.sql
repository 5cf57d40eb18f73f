-- five_to_seven_supervisees: limit supervisees for supervisors: 5 to 7, waivable by
-- service_manager. docs/semantics.md §3 and "Waivers". A supervisor (`supervising_for >= 0
-- days`: from `supervisor_since` on) is judged on each day of the period they are employed and
-- a supervisor; their supervisees that day are the staff employed that day whose `supervisor`
-- is them. Each run of consecutive days outside 5 to 7 (bounds inclusive) is one finding,
-- waived when one waiver naming the rule and the member, approved by a service manager, was
-- in force on every day of the run.
WITH members AS (
    SELECT id, greatest(period.from_day, start_date, supervisor_since) AS lo,
           least(period.last_day, coalesce(end_date, period.last_day)) AS hi
    FROM staff, period
    WHERE supervisor_since IS NOT NULL
),
days AS (
    SELECT g.d::DATE AS day
    FROM period, generate_series(period.from_day, period.last_day, INTERVAL 1 DAY) AS g(d)
),
member_days AS (
    SELECT m.id, days.day FROM members m JOIN days ON days.day BETWEEN m.lo AND m.hi
),
counts AS (
    SELECT md.id, md.day, count(s.id) AS n
    FROM member_days md
    LEFT JOIN staff s ON s.supervisor = md.id
         AND md.day BETWEEN s.start_date AND coalesce(s.end_date, DATE '9999-12-31')
    GROUP BY md.id, md.day
),
-- Gaps and islands: consecutive failing days share day - row_number.
failing AS (
    SELECT id, day, day - row_number() OVER (PARTITION BY id ORDER BY day)::INTEGER AS island
    FROM counts WHERE n < 5 OR n > 7
),
runs AS (
    SELECT id, min(day) AS run_start, max(day) AS run_end FROM failing GROUP BY id, island
)
SELECT 'five_to_seven_supervisees' AS rule,
       CASE WHEN EXISTS (
           SELECT 1 FROM waivers w JOIN staff a ON a.id = w.approved_by
           WHERE w.waived_rule = 'five_to_seven_supervisees' AND w.subject = r.id
             AND a.role = 'service_manager'
             AND w.granted <= r.run_start AND (w.expires IS NULL OR w.expires >= r.run_end)
       ) THEN 'waived' ELSE 'breach' END AS status,
       r.id AS subject, r.run_start AS window_start, r.run_end AS window_end
FROM runs r;
