-- toy.learners_share · params: $start, $end, $business_units, $regions, $job_levels
WITH people AS (
    SELECT s.employee_id FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), learned AS (
    SELECT DISTINCT employee_id FROM completions WHERE completed_on BETWEEN $start AND $end
)
SELECT count(l.employee_id) / nullif(count(*), 0) AS value, count(*) AS n
FROM people AS p LEFT JOIN learned AS l USING (employee_id);
