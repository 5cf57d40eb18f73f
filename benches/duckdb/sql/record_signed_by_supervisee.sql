-- record_signed_by_supervisee: deadline one_to_one: signed_by_supervisee before the next
-- one_to_one. docs/semantics.md §4. Each held one-to-one dated before the as-of date is due at
-- the start of the same supervisee's next held one-to-one strictly after it: the earliest
-- start in a RANGE frame beginning just after this row's start, so sessions at the same moment
-- are not each other's next. With no next one, nothing is due. Judged as the other deadlines:
-- a signature on or after the as-of moment is not known yet; late, or missing once the next
-- session has started, is a breach when the due day is on or after `from`.
WITH held AS (
    SELECT id, supervisee, start, signed_by_supervisee
    FROM sessions, period
    WHERE kind = 'one_to_one' AND status = 'held' AND start < period.as_of
),
due AS (
    SELECT id, signed_by_supervisee,
           min(start) OVER (PARTITION BY supervisee ORDER BY start
                            RANGE BETWEEN INTERVAL 1 MICROSECOND FOLLOWING
                                      AND UNBOUNDED FOLLOWING) AS due
    FROM held
)
SELECT 'record_signed_by_supervisee' AS rule, 'breach' AS status, id AS subject,
       NULL::DATE AS window_start, NULL::DATE AS window_end
FROM due, period
WHERE due IS NOT NULL AND due::DATE >= period.from_day
  AND CASE WHEN signed_by_supervisee < period.as_of THEN signed_by_supervisee > due
           ELSE due < period.as_of END;
