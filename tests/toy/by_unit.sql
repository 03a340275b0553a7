-- toy by business unit · params: $start, $end, $business_units, $regions, $job_levels
WITH people AS (
    SELECT s.employee_id, s.business_unit FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), learned AS (
    SELECT DISTINCT employee_id FROM completions WHERE completed_on BETWEEN $start AND $end
)
SELECT p.business_unit, count(*) AS n, count(l.employee_id) / nullif(count(*), 0) AS learners_share
FROM people AS p LEFT JOIN learned AS l USING (employee_id)
GROUP BY ALL ORDER BY p.business_unit;
