-- roi retention comparison · grain: period × group · params: $start, $end, $business_units, $regions, $job_levels
-- Cohort: people employed at period start. Participants completed learning in the 12 months before the
-- period start; the rest are non-participants. Per group: size (n), voluntary leavers during the period,
-- their rate, and the mean current annual salary. The retention benefit metric runs this unscoped.
WITH learned AS (
    SELECT DISTINCT employee_id FROM completions
    WHERE completed_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND completed_on < $start
), cohort AS (
    SELECT s.employee_id, s.annual_salary, learned.employee_id IS NOT NULL AS participant,
           s.termination_reason = 'voluntary' AND s.termination_date BETWEEN $start AND $end AS left_voluntarily
    FROM staff($business_units, $regions, $job_levels) AS s
    LEFT JOIN learned USING (employee_id)
    WHERE employed_on(s.hire_date, s.termination_date, $start)
)
SELECT g.participant, coalesce(c.n, 0) AS n, coalesce(c.leavers, 0) AS leavers, c.rate, c.mean_salary
FROM (VALUES (true), (false)) AS g(participant)
LEFT JOIN (
    SELECT participant, count(*) AS n,
           count(*) FILTER (WHERE coalesce(left_voluntarily, false)) AS leavers,
           avg(CASE WHEN left_voluntarily THEN 1.0 ELSE 0.0 END) AS rate,
           avg(annual_salary) AS mean_salary
    FROM cohort
    GROUP BY ALL
) AS c USING (participant)
ORDER BY g.participant DESC;
