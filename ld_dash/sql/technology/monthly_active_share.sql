-- technology.monthly_active_share · grain: calendar month, averaged over the months of the period
-- params: $start, $end, $business_units, $regions, $job_levels
-- Months: calendar months that overlap the period and that the platform data covers. Each month:
-- employees in scope employed at month end with any platform activity in the month / employees in scope
-- employed at month end (summaries built at publish, technology/_derived.sql). n = headcount at the last
-- month end.
WITH headcount AS (
    SELECT month, sum(headcount) AS headcount
    FROM technology_headcount_months
    WHERE month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
), active AS (
    SELECT month, sum(active) AS active
    FROM technology_active_months
    WHERE platform = 'Any platform'
      AND month BETWEEN CAST(date_trunc('month', $start) AS DATE) AND $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
)
SELECT avg(coalesce(a.active, 0) / h.headcount) AS value,
       coalesce(arg_max(h.headcount, h.month), 0) AS n
FROM headcount AS h
LEFT JOIN active AS a USING (month);
