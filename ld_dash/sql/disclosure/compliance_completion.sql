-- human-capital disclosure: compliance training · grain: period · params: $end, $business_units, $regions, $job_levels
-- Employees employed at period end who completed a compliance programme in the 12 months to period end
-- (ISO 30414 compliance and ethics training), and the headcount at period end (n).
WITH employed AS (
    SELECT s.employee_id FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), trained AS (
    SELECT DISTINCT employee_id FROM completions
    WHERE is_compliance AND completed_on > CAST($end AS DATE) - INTERVAL 12 MONTH AND completed_on <= $end
)
SELECT count(t.employee_id) AS trained, count(*) AS n
FROM employed AS e LEFT JOIN trained AS t USING (employee_id);
