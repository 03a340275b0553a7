-- human-capital disclosure: the job levels of people in scope, for learning hours by level (GRI 404-1).
-- params: $business_units, $regions, $job_levels
SELECT DISTINCT s.job_level FROM staff($business_units, $regions, $job_levels) AS s
WHERE s.job_level IS NOT NULL
ORDER BY 1;
