-- monthly_supervision: require one_to_one for all_staff: at least once per month, not pro rata.
-- docs/semantics.md §1. Each calendar month whose last day is in [from, as-of) is judged. A month
-- the rule covers only in part requires 1 × covered/length rounded down, which is 0 unless every
-- day is covered: so only months wholly inside the member's employment, on none of whose days
-- they are taken out by an overriding rule, can be breached, and then only with no held
-- one-to-one dated in the month.
WITH members AS (
    -- The overriding rules' groups (nqsw, nqeps, teps, both overseas stages) read only tags and
    -- role, which have no history here: a member of one is out of this rule on every day.
    SELECT id, start_date, coalesce(end_date, DATE '9999-12-31') AS end_date
    FROM staff
    WHERE NOT (list_contains(tags, 'asye') OR list_contains(tags, 'nqep')
               OR role = 'trainee_educational_psychologist'
               OR (list_contains(tags, 'overseas') AND NOT list_contains(tags, 'overseas_monthly')))
),
months AS (
    SELECT m::DATE AS first_day, (m + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS last_day
    FROM period, generate_series(date_trunc('month', period.from_day),
                                 date_trunc('month', period.last_day), INTERVAL 1 MONTH) AS g(m)
),
judged AS (
    SELECT months.* FROM months, period
    WHERE months.last_day BETWEEN period.from_day AND period.last_day
),
-- Held one-to-ones only (a cancelled session never counts), dated before the as-of moment;
-- the local date is the date part of the naive datetime.
held_months AS (
    SELECT DISTINCT supervisee, date_trunc('month', start)::DATE AS first_day
    FROM sessions, period
    WHERE kind = 'one_to_one' AND status = 'held' AND start < period.as_of
)
SELECT 'monthly_supervision' AS rule, 'breach' AS status, m.id AS subject,
       j.first_day AS window_start, j.last_day AS window_end
FROM members m
JOIN judged j ON m.start_date <= j.first_day AND m.end_date >= j.last_day
ANTI JOIN held_months h ON h.supervisee = m.id AND h.first_day = j.first_day;
