-- culture trend of hours and reach · grain: quarter end · params: $end, $business_units, $regions, $job_levels
-- At the end of each of the seven quarters before the period's quarter and at period end itself:
-- completed learning hours in the 12 months to that day per employee (mean of the headcount on that
-- day and a year earlier: the hours_per_employee formula over a rolling year, comparable with the
-- annual plan), and the share of employees on that day who learned in the 90 days to it (reach_90d).
-- A rolling year that starts before the month of the first recorded completion gets no hours; a day
-- before any learning data gets no reach. as_of labels the day by its month. n = headcount on the day.
WITH points AS (
    SELECT CAST(q + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS d
    FROM generate_series(date_trunc('quarter', CAST($end AS DATE)) - INTERVAL 21 MONTH,
                         date_trunc('quarter', CAST($end AS DATE)) - INTERVAL 3 MONTH,
                         INTERVAL 3 MONTH) AS t(q)
    UNION ALL
    SELECT CAST($end AS DATE) AS d
), people AS (
    SELECT s.employee_id, s.hire_date, s.termination_date FROM staff($business_units, $regions, $job_levels) AS s
), heads AS (
    SELECT p.d,
           count(*) FILTER (WHERE employed_on(s.hire_date, s.termination_date, p.d)) AS at_end,
           count(*) FILTER (WHERE employed_on(s.hire_date, s.termination_date,
                                              CAST(p.d - INTERVAL 1 YEAR AS DATE))) AS at_start
    FROM points AS p CROSS JOIN people AS s
    GROUP BY ALL
), daily_hours AS (
    -- completions carry the learner's current unit, region and level, as staff() does
    SELECT c.completed_on, sum(c.learning_hours) AS hours
    FROM completions AS c
    WHERE c.completed_on > (SELECT min(d) FROM points) - INTERVAL 1 YEAR AND c.completed_on <= $end
      AND in_scope($business_units, $regions, $job_levels, c.business_unit, c.region, c.job_level)
    GROUP BY ALL
), hours AS (
    SELECT p.d, sum(h.hours) AS hours
    FROM points AS p
    JOIN daily_hours AS h ON h.completed_on > p.d - INTERVAL 1 YEAR AND h.completed_on <= p.d
    GROUP BY ALL
), learning_days AS (
    SELECT employee_id, activity_on AS day FROM activity_days
    WHERE activity_on > (SELECT min(d) FROM points) - INTERVAL 90 DAY AND activity_on <= $end
    UNION ALL
    SELECT employee_id, completed_on AS day FROM completions
    WHERE completed_on > (SELECT min(d) FROM points) - INTERVAL 90 DAY AND completed_on <= $end
), latest_in_quarter AS (
    -- A quarter-end point is reached by a day within 89 days before it, which lies in the same quarter
    -- (quarters are 90-92 days long): per person and quarter only the latest day matters. Quarters are
    -- keyed by integers, which groups far faster than by truncated dates.
    SELECT employee_id, year(day) * 4 + quarter(day) - 1 AS q, max(day) AS last_day
    FROM learning_days
    WHERE day < date_trunc('quarter', CAST($end AS DATE))
    GROUP BY ALL
), learned AS (
    SELECT CAST(make_date(CAST(q // 4 AS BIGINT), CAST(q % 4 * 3 + 1 AS BIGINT), 1)
                + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS d, employee_id, last_day
    FROM latest_in_quarter
    UNION ALL
    -- The period end itself, inside its quarter, takes the days of the 90 days to it.
    SELECT CAST($end AS DATE) AS d, employee_id, max(day) AS last_day
    FROM learning_days
    WHERE day >= CAST($end AS DATE) - INTERVAL 89 DAY
    GROUP BY ALL
), reached AS (
    SELECT l.d, count(*) AS reached
    FROM learned AS l
    JOIN people AS s USING (employee_id)
    WHERE l.last_day >= l.d - INTERVAL 89 DAY AND employed_on(s.hire_date, s.termination_date, l.d)
    GROUP BY ALL
), firsts AS (
    SELECT (SELECT min(completed_on) FROM completions) AS first_completion,
           least((SELECT min(completed_on) FROM completions),
                 (SELECT min(activity_on) FROM activity_days)) AS first_learning
)
SELECT strftime(h.d, '%b %Y') AS as_of,
       h.d AS day,
       CASE WHEN h.d - INTERVAL 1 YEAR >= date_trunc('month', f.first_completion) - INTERVAL 1 DAY
            THEN coalesce(hr.hours, 0) / nullif((h.at_start + h.at_end) / 2.0, 0) END AS hours_per_employee,
       CASE WHEN h.d >= f.first_learning THEN coalesce(r.reached, 0) / nullif(h.at_end, 0) END AS reach_90d,
       h.at_end AS n
FROM heads AS h
CROSS JOIN firsts AS f
LEFT JOIN hours AS hr USING (d)
LEFT JOIN reached AS r USING (d)
ORDER BY h.d;
