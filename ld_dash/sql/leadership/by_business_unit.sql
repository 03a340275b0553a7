-- leadership breakdown by business unit · grain: period · params: $start, $end, $units, $regions, $levels
WITH leaders AS (
    SELECT s.employee_id, s.business_unit
    FROM staff($units, $regions, $levels) AS s
    WHERE s.is_people_leader AND employed_on(s.hire_date, s.termination_date, $end)
), learned AS (
    SELECT DISTINCT employee_id FROM completions WHERE completed_on BETWEEN $start AND $end
), taught AS (
    SELECT leader_id AS employee_id, sum(hours) AS hours
    FROM leader_activities WHERE activity = 'taught' AND activity_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT l.business_unit,
       count(*) AS n,
       count(learned.employee_id) AS leaders_learned,
       count(learned.employee_id) / count(*) AS leader_learning_share,
       coalesce(sum(taught.hours), 0) AS taught_hours
FROM leaders AS l
LEFT JOIN learned USING (employee_id)
LEFT JOIN taught USING (employee_id)
GROUP BY ALL
ORDER BY l.business_unit;
