-- skills.strategic_coverage · grain: period end · params: $end, $business_units, $regions, $job_levels
-- Pairs (employee employed at period end, strategic skill their role family requires) with an assessment
-- by period end; the share whose latest level meets the requirement. n = distinct people.
SELECT avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) AS value,
       count(DISTINCT employee_id) AS n
FROM skills_pairs($business_units, $regions, $job_levels, $end)
WHERE is_strategic;
