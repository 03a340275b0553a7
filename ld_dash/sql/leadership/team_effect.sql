-- leadership team effect · grain: period · params: $start, $end, $units, $regions, $levels
-- A team is a leader's direct reports. A leader "takes part" with any leader activity (attended, taught,
-- coached, sponsored) in the period. Completion rate: enrolments due in the period completed by period end.
WITH taking_part AS (
    SELECT DISTINCT leader_id FROM leader_activities WHERE activity_on BETWEEN $start AND $end
), due AS (
    SELECT e.employee_id, e.status = 'completed' AND e.completed_on <= $end AS done,
           s.manager_id IN (SELECT leader_id FROM taking_part) AS leader_takes_part
    FROM enrollments AS e
    JOIN staff($units, $regions, $levels) AS s USING (employee_id)
    WHERE e.due_on BETWEEN $start AND $end AND s.manager_id IS NOT NULL
)
SELECT CASE WHEN leader_takes_part THEN 'Leader takes part' ELSE 'Leader does not take part' END AS team,
       avg(CASE WHEN done THEN 1.0 ELSE 0.0 END) AS completion_rate,
       count(*) AS enrolments,
       count(DISTINCT employee_id) AS n
FROM due
GROUP BY ALL
ORDER BY team DESC;
