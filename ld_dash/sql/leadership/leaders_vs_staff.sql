-- leadership leaders vs all staff · grain: {People leaders, All staff} · params: $start, $end, $business_units, $regions, $job_levels
-- People employed at period end (leaders: current leader flag): how many completed any learning in the
-- period and their completed learning hours. "All staff" includes the leaders. n = people in the group.
WITH people AS (
    SELECT s.employee_id, s.is_people_leader
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), hours AS (
    SELECT employee_id, sum(learning_hours) AS hours
    FROM completions WHERE completed_on BETWEEN $start AND $end
    GROUP BY ALL
), groups AS (
    SELECT 'People leaders' AS "group", 1 AS k, p.employee_id, h.hours
    FROM people AS p LEFT JOIN hours AS h USING (employee_id) WHERE p.is_people_leader
    UNION ALL
    SELECT 'All staff' AS "group", 2 AS k, p.employee_id, h.hours
    FROM people AS p LEFT JOIN hours AS h USING (employee_id)
)
SELECT "group",
       count(*) AS n,
       count(hours) AS learned,
       count(hours) / count(*) AS learning_share,
       coalesce(sum(hours), 0) / count(*) AS hours_per_person
FROM groups
GROUP BY "group", k
ORDER BY k;
