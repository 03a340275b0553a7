-- skills.unaddressed_gap_share · grain: period end · params: $start, $end, $business_units, $regions, $job_levels
-- Open gaps at period end ((employee, required skill) pairs whose latest level is below the requirement)
-- on a skill that no programme active in the period develops (program_skills; active = launched by
-- period end, not retired before the period began) / all open gaps. n = distinct people with an open gap.
WITH addressed AS (
    SELECT DISTINCT ps.skill_id
    FROM program_skills AS ps
    JOIN programs AS p USING (program_id)
    WHERE p.launched_on <= $end AND (p.retired_on IS NULL OR p.retired_on >= $start)
)
SELECT avg(CASE WHEN a.skill_id IS NULL THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT g.employee_id) AS n
FROM skills_pairs($business_units, $regions, $job_levels, $end) AS g
LEFT JOIN addressed AS a USING (skill_id)
WHERE g.gap > 0;
