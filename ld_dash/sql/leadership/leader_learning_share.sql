-- leadership.leader_learning_share · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- People leaders employed at period end (current leader flag) and whether each completed anything in the period.
WITH leaders AS (
    SELECT s.employee_id
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE s.is_people_leader AND employed_on(s.hire_date, s.termination_date, $end)
), learned AS (
    SELECT DISTINCT c.employee_id FROM completions AS c WHERE c.completed_on BETWEEN $start AND $end
)
SELECT count(learned.employee_id) / nullif(count(*), 0) AS value,
       count(*) AS n
FROM leaders
LEFT JOIN learned USING (employee_id);
