-- personal_supervision_kept_six_years: retain personal_supervision records: at least 6 years
-- after leaving. docs/semantics.md §5. The anchor is the subject's end date if before the as-of
-- date. A deletion before the as-of date is too early when it comes before anchor + 6 years
-- (calendar years, 29 February clamped to the 28th as DuckDB's interval does) or when there is
-- no anchor yet; it is judged when the deletion day is in the period.
SELECT 'personal_supervision_kept_six_years' AS rule, 'breach' AS status, r.id AS subject,
       NULL::DATE AS window_start, NULL::DATE AS window_end
FROM records r
LEFT JOIN staff s ON s.id = r.subject, period
WHERE r.kind = 'personal_supervision'
  AND r.deleted BETWEEN period.from_day AND period.last_day
  AND (s.end_date IS NULL OR s.end_date >= period.as_of
       OR r.deleted < s.end_date + INTERVAL 6 YEAR);
