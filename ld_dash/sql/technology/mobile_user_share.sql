-- technology.mobile_user_share · grain: period (calendar months that overlap it)
-- params: $start, $end, $business_units, $regions, $job_levels
-- Employees in scope with any platform activity in the period; the share of them with mobile activity.
WITH active AS (
    SELECT emp_key, bool_or(used_mobile) AS mobile
    FROM technology_learner_months
    WHERE month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
)
SELECT avg(CASE WHEN mobile THEN 1.0 ELSE 0.0 END) AS value,
       count(*) AS n
FROM active;
