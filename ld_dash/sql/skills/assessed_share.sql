-- skills.assessed_share · grain: period end · params: $end, $business_units, $regions, $job_levels
-- Employees in scope employed at period end with any skill assessment in the 12 months to period end
-- (after the same day a year before, up to and including period end) / those employees.
WITH people AS (
    SELECT s.employee_id
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), assessed AS (
    SELECT employee_id FROM assessed_in_year_to($end)
)
SELECT count(assessed.employee_id) / nullif(count(*), 0) AS value,
       count(*) AS n
FROM people
LEFT JOIN assessed USING (employee_id);
