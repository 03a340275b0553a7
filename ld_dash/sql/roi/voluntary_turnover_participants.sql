-- roi.voluntary_turnover_participants · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Cohort: people in scope employed at period start who completed learning in the 12 months before it
-- (start - 12 months .. start - 1 day). Value: the share of them who left voluntarily during the period.
-- n = that cohort.
WITH learned AS (
    SELECT DISTINCT employee_id FROM completions
    WHERE completed_on >= CAST($start AS DATE) - INTERVAL 12 MONTH AND completed_on < $start
)
SELECT avg(CASE WHEN s.termination_reason = 'voluntary' AND s.termination_date BETWEEN $start AND $end
                THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM staff($business_units, $regions, $job_levels) AS s
JOIN learned USING (employee_id)
WHERE employed_on(s.hire_date, s.termination_date, $start);
