-- culture.reach_90d · grain: 90 days to period end · params: $end, $business_units, $regions, $job_levels
-- Employees at period end with a completion or any platform activity in the 90 days to period end
-- (end - 89 days .. end), over employees at period end. Reads the activity_days summary, not raw activity.
-- A period that ends before the first recorded completion or activity has no learning data: no value.
WITH people AS (
    SELECT s.employee_id
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), recent AS (
    SELECT employee_id FROM learned_recently($end)
), covered AS (
    SELECT coalesce($end >= least((SELECT min(completed_on) FROM completions),
                                  (SELECT min(activity_on) FROM activity_days)), false) AS yes
)
SELECT CASE WHEN any_value(covered.yes) THEN count(recent.employee_id) / nullif(count(*), 0) END AS value,
       CASE WHEN any_value(covered.yes) THEN count(*) ELSE 0 END AS n
FROM people
LEFT JOIN recent USING (employee_id)
CROSS JOIN covered;
