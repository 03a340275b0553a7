-- technology adoption curve per platform · grain: platform × month of use · params: $end, $business_units,
-- $regions, $job_levels
-- Each platform from its first month with any activity in the organisation (a platform in use before
-- the data begins starts at the data's first month) to period end: employees in scope employed at month
-- end who used it that month / employees in scope at month end. month_of_use = 1 for the first month.
-- 'Any platform' (a person once, whatever they used) comes first and the platforms follow in the same
-- order as active_by_platform.sql, so both charts give a platform the same colour.
-- n = headcount at month end (the people behind the share).
WITH first_use AS (
    SELECT platform, min(month) AS first_month
    FROM technology_active_months
    WHERE active > 0
    GROUP BY ALL
), headcount AS (
    SELECT month, sum(headcount) AS n
    FROM technology_headcount_months
    WHERE month <= $end AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
), active AS (
    SELECT month, platform, sum(active) AS active
    FROM technology_active_months
    WHERE month <= $end
      AND in_scope($business_units, $regions, $job_levels, business_unit, region, job_level)
    GROUP BY ALL
)
SELECT f.platform, h.month, CAST(date_diff('month', f.first_month, h.month) + 1 AS INTEGER) AS month_of_use,
       coalesce(a.active, 0) AS active, coalesce(a.active, 0) / h.n AS active_share, h.n
FROM first_use AS f
JOIN headcount AS h ON h.month >= f.first_month
LEFT JOIN active AS a ON a.platform = f.platform AND a.month = h.month
WHERE h.n > 0
ORDER BY f.platform = 'Any platform' DESC, f.platform, h.month;
