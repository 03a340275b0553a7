-- skills.completer_level_gain · grain: period · params: $start, $end, $business_units, $regions, $job_levels
-- Reassessments in the period of a required skill where the person completed a programme that develops
-- it (program_skills) on or after the previous assessment's day and before this one: mean of
-- (assessed level now − assessed level at the previous assessment). n = distinct people.
SELECT CAST(avg(level - prev_level) AS DOUBLE) AS value,
       count(DISTINCT employee_id) AS n
FROM skills_pair_levels
WHERE assessed_on BETWEEN $start AND $end AND related_since_prev
  AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level);
