-- leadership.leader_hours_per_leader · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Completed learning hours in the period of the people leaders employed at period end (current leader
-- flag), over those leaders. n = people leaders at period end.
WITH leaders AS (
    SELECT s.employee_id
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE s.is_people_leader AND employed_on(s.hire_date, s.termination_date, $end)
), hours AS (
    SELECT c.employee_id, sum(c.learning_hours) AS hours
    FROM completions AS c
    WHERE c.completed_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT coalesce(sum(h.hours), 0) / nullif(count(*), 0) AS value,
       count(*) AS n
FROM leaders AS l
LEFT JOIN hours AS h USING (employee_id);
