-- case_decisions_recorded_within_a_week: deadline case_decisions: recorded within 1 week of
-- decided. docs/semantics.md §4. Due 7 days after `decided` at the same wall-clock time (weeks
-- keep the wall clock); met on its last moment. A `recorded` on or after the as-of moment is
-- not known yet. Late, or missing once the due moment has passed, is a breach, judged when the
-- due day is on or after `from`; a decision dated on or after the as-of date is not judged.
SELECT 'case_decisions_recorded_within_a_week' AS rule, 'breach' AS status, id AS subject,
       NULL::DATE AS window_start, NULL::DATE AS window_end
FROM (
    SELECT id, decided + INTERVAL 7 DAY AS due,
           CASE WHEN recorded < period.as_of THEN recorded END AS recorded
    FROM case_decisions, period
    WHERE decided < period.as_of
) AS d, period
WHERE due::DATE >= period.from_day
  AND CASE WHEN recorded IS NOT NULL THEN recorded > due ELSE due < period.as_of END;
