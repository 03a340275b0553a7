-- human-capital disclosure: the job levels of people in scope, for learning hours by level (GRI 404-1).
-- params: $units, $regions, $levels
SELECT DISTINCT s.job_level FROM staff($units, $regions, $levels) AS s
WHERE s.job_level IS NOT NULL
ORDER BY 1;
