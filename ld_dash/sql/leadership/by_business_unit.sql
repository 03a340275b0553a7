-- leadership breakdown by business unit · grain: business unit · params: $start, $end, $business_units, $regions, $job_levels
-- People employed at period end in each unit: people leaders (current flag; n), those with a completion in
-- the period and their learning hours per leader; the same share for all staff of the unit (leaders
-- included); hours the unit's leaders taught in the period.
WITH people AS (
    SELECT s.employee_id, s.business_unit, s.is_people_leader
    FROM staff($business_units, $regions, $job_levels) AS s
    WHERE employed_on(s.hire_date, s.termination_date, $end)
), learned AS (
    SELECT employee_id, sum(learning_hours) AS hours
    FROM completions WHERE completed_on BETWEEN $start AND $end
    GROUP BY ALL
), taught AS (
    SELECT leader_id AS employee_id, sum(hours) AS hours
    FROM leader_activities WHERE activity = 'taught' AND activity_on BETWEEN $start AND $end
    GROUP BY ALL
)
SELECT p.business_unit,
       count(*) FILTER (WHERE p.is_people_leader) AS n,
       count(learned.employee_id) FILTER (WHERE p.is_people_leader) AS leaders_learned,
       count(learned.employee_id) FILTER (WHERE p.is_people_leader)
           / nullif(count(*) FILTER (WHERE p.is_people_leader), 0) AS leader_learning_share,
       coalesce(sum(learned.hours) FILTER (WHERE p.is_people_leader), 0)
           / nullif(count(*) FILTER (WHERE p.is_people_leader), 0) AS leader_hours_per_leader,
       count(*) AS staff,
       count(learned.employee_id) / count(*) AS staff_learning_share,
       coalesce(sum(taught.hours), 0) AS taught_hours
FROM people AS p
LEFT JOIN learned USING (employee_id)
LEFT JOIN taught USING (employee_id)
GROUP BY ALL
HAVING count(*) FILTER (WHERE p.is_people_leader) > 0
ORDER BY p.business_unit;
