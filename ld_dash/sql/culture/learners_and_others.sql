-- culture: learners and the rest, who left and who was promoted · grain: period × group
-- params: $start, $end, $business_units, $regions, $job_levels
-- Cohort: people in scope employed on the period's first day. Learners completed learning in the 12
-- months before it (so the learning came first, and people who left early had the same chance to be
-- counted); the rest did not. Per group: people at the start (n); leavers in the period (any reason) and
-- voluntary leavers; the leaving rate = leavers / people at the start (plain); voluntary turnover as
-- ISO 30414 reports it = voluntary leavers / mean headcount (the cohort at the start and what is left of
-- it at the end); people promoted in the period (job_changes) over people at the start. All within the
-- period, not annualised. (Was roi/retention_groups.sql, which no page used.)
WITH learned AS (
    SELECT DISTINCT employee_id FROM completions
    WHERE completed_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND completed_on < $start
), promoted AS (
    SELECT DISTINCT employee_id FROM job_changes
    WHERE change_type = 'promotion' AND effective_on BETWEEN $start AND $end
), cohort AS (
    SELECT s.employee_id, learned.employee_id IS NOT NULL AS learner,
           coalesce(s.termination_date BETWEEN $start AND $end, false) AS left_in_period,
           coalesce(s.termination_reason = 'voluntary' AND s.termination_date BETWEEN $start AND $end, false)
               AS left_voluntarily,
           promoted.employee_id IS NOT NULL AS was_promoted
    FROM staff($business_units, $regions, $job_levels) AS s
    LEFT JOIN learned USING (employee_id)
    LEFT JOIN promoted USING (employee_id)
    WHERE employed_on(s.hire_date, s.termination_date, $start)
), groups AS (
    SELECT learner, count(*) AS n, count(*) FILTER (WHERE left_in_period) AS leavers,
           count(*) FILTER (WHERE left_voluntarily) AS voluntary_leavers,
           count(*) FILTER (WHERE was_promoted) AS promoted
    FROM cohort
    GROUP BY ALL
)
SELECT CASE WHEN g.learner THEN 'Learned in the 12 months before' ELSE 'Did not learn in those 12 months' END AS grp,
       coalesce(c.n, 0) AS n, coalesce(c.leavers, 0) AS leavers, coalesce(c.voluntary_leavers, 0) AS voluntary_leavers,
       c.leavers / nullif(c.n, 0) AS leaving_rate,
       c.voluntary_leavers / nullif((c.n + (c.n - c.leavers)) / 2.0, 0) AS voluntary_turnover_iso,
       coalesce(c.promoted, 0) AS promoted, c.promoted / nullif(c.n, 0) AS promotion_rate
FROM (VALUES (true), (false)) AS g(learner)
LEFT JOIN groups AS c USING (learner)
ORDER BY g.learner DESC;
