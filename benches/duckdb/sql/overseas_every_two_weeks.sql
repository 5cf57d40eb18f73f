-- overseas_every_two_weeks: require one_to_one for overseas_two_weekly_stage: every 2 weeks.
-- docs/semantics.md §1 `every N` (src/eval/frequency/gaps.rs). The clock starts on the member's
-- start date; each held one-to-one resets it; the next one is due 14 days after the last.
-- A session later than the due day is a breach (window: last .. that session), judged when
-- the due day is in the period or the gap was still open on `from`; reaching the last day the
-- rule applies (the last day judged, or the leaving day) past the due day with none since is a
-- breach too (window: last .. that day).
WITH members AS (
    SELECT id, start_date AS first_day,
           least(coalesce(end_date, period.last_day), period.last_day) AS judged_end
    FROM staff, period
    WHERE list_contains(tags, 'overseas') AND NOT list_contains(tags, 'overseas_three_weekly')
      AND NOT list_contains(tags, 'overseas_monthly') AND start_date <= period.last_day
),
-- The clock's start, then each day with a held one-to-one while the rule applies (several
-- on one day reset the clock once).
resets AS (
    SELECT id, first_day AS day, judged_end FROM members
    UNION
    SELECT m.id, s.start::DATE, m.judged_end
    FROM members m JOIN sessions s ON s.supervisee = m.id
    WHERE s.kind = 'one_to_one' AND s.status = 'held'
      AND s.start::DATE BETWEEN m.first_day AND m.judged_end
),
gaps AS (
    SELECT id, day, judged_end, (day + INTERVAL 14 DAY)::DATE AS due,
           lead(day) OVER (PARTITION BY id ORDER BY day) AS next_day
    FROM resets
)
SELECT 'overseas_every_two_weeks' AS rule, 'breach' AS status, id AS subject,
       day AS window_start, coalesce(next_day, judged_end) AS window_end
FROM gaps, period
WHERE CASE WHEN next_day IS NOT NULL
           THEN next_day > due AND due <= period.last_day
                AND (due >= period.from_day OR next_day > period.from_day)
           ELSE due <= judged_end AND judged_end >= period.from_day END;
