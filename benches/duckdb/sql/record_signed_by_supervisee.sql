-- record_signed_by_supervisee: deadline one_to_one: signed_by_supervisee before the next
-- one_to_one. docs/semantics.md §4. Each held one-to-one dated before the as-of date is due at
-- the start of the same supervisee's next held one-to-one strictly after it (sessions at the
-- same moment are not each other's next, so the next moment is found over distinct starts);
-- with no next one, nothing is due. Judged as the other deadlines.
WITH held AS (
    SELECT id, supervisee, start, signed_by_supervisee
    FROM sessions, period
    WHERE kind = 'one_to_one' AND status = 'held' AND start < period.as_of
),
next_start AS (
    SELECT supervisee, start, lead(start) OVER (PARTITION BY supervisee ORDER BY start) AS due
    FROM (SELECT DISTINCT supervisee, start FROM held)
)
SELECT 'record_signed_by_supervisee' AS rule, 'breach' AS status, h.id AS subject,
       NULL::DATE AS window_start, NULL::DATE AS window_end
FROM held h JOIN next_start n USING (supervisee, start), period
WHERE n.due IS NOT NULL AND n.due::DATE >= period.from_day
  AND CASE WHEN h.signed_by_supervisee < period.as_of THEN h.signed_by_supervisee > n.due
           ELSE n.due < period.as_of END;
