-- technology.mobile_time_share · grain: period (calendar months that overlap it)
-- params: $start, $end, $business_units, $regions, $job_levels
-- Minutes of platform activity on mobile / minutes on all platforms, of employees in scope, in the
-- calendar months overlapping the period. n = employees with any platform activity in those months.
SELECT sum(mobile_minutes) / nullif(sum(minutes), 0) AS value,
       count(DISTINCT emp_key) AS n
FROM technology_learner_months
WHERE month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
  AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level);
