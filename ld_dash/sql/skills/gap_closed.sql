-- skills.gap_closed · grain: period end vs the same day a year earlier · params: $end, $business_units, $regions, $job_levels
-- (Employee, required skill) pairs assessed by both days, the person employed on both and in scope:
-- mean of (gap a year before period end − gap at period end), in levels (positive = the gap narrowed).
-- The same day a year earlier is where the default comparison period (same period last year) ends.
-- Paired, so joiners and leavers do not move it. n = distinct people.
WITH before AS (
    SELECT employee_id, skill_id, gap
    FROM skills_pairs($business_units, $regions, $job_levels, CAST($end - INTERVAL 12 MONTH AS DATE))
), after AS (
    SELECT employee_id, skill_id, gap
    FROM skills_pairs($business_units, $regions, $job_levels, $end)
)
SELECT CAST(avg(b.gap - a.gap) AS DOUBLE) AS value,
       count(DISTINCT a.employee_id) AS n
FROM after AS a
JOIN before AS b USING (employee_id, skill_id);
