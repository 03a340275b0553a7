-- technology monthly active learners per platform · grain: month × platform
-- params: $start, $end, $business_units, $regions, $job_levels
-- Months: those overlapping the period, extended back to at least 12 months before period end so a
-- trend shows even for a quarter, within the months the platform data covers. Share = employees in
-- scope employed at month end with activity on the platform in the month / employees in scope at month
-- end; 'Any platform' counts a person once and is the catalog metric's monthly figure.
-- n = headcount at month end (the people behind the share).
WITH bounds AS (
    SELECT CAST(least(date_trunc('month', $start), date_trunc('month', $end) - INTERVAL 11 MONTH) AS DATE) AS first_month
), headcount AS (
    SELECT h.month, sum(h.headcount) AS n
    FROM technology_headcount_months AS h, bounds
    WHERE h.month BETWEEN bounds.first_month AND $end
      AND in_scope($business_units, $regions, $job_levels, h.business_unit, h.region, h.job_level)
    GROUP BY ALL
), active AS (
    SELECT a.month, a.platform, sum(a.active) AS active
    FROM technology_active_months AS a, bounds
    WHERE a.month BETWEEN bounds.first_month AND $end
      AND in_scope($business_units, $regions, $job_levels, a.business_unit, a.region, a.job_level)
    GROUP BY ALL
), platforms AS (
    SELECT DISTINCT platform FROM active
    UNION
    SELECT 'Any platform' AS platform
)
SELECT h.month, p.platform,
       coalesce(a.active, 0) AS active,
       coalesce(a.active, 0) / h.n AS active_share,
       h.n
FROM headcount AS h
CROSS JOIN platforms AS p
LEFT JOIN active AS a ON a.month = h.month AND a.platform = p.platform
WHERE h.n > 0
ORDER BY p.platform = 'Any platform' DESC, p.platform, h.month;
