-- skills strategic coverage by skill · grain: strategic skill × {period start, period end}
-- params: $start, $end, $business_units, $regions, $job_levels
-- Coverage (share of assessed pairs meeting the requirement) and mean gap of each strategic skill, as the
-- period began (latest assessment before its first day) and at its end. n = people (one pair per
-- person per skill and moment, so count(*)).
WITH moments AS (
    SELECT 'Start of period' AS moment, * FROM skills_pairs($business_units, $regions, $job_levels, CAST($start - INTERVAL 1 DAY AS DATE))
    UNION ALL
    SELECT 'End of period' AS moment, * FROM skills_pairs($business_units, $regions, $job_levels, $end)
)
SELECT moment, skill,
       avg(CASE WHEN meets THEN 1.0 ELSE 0.0 END) AS coverage,
       CAST(avg(gap) AS DOUBLE) AS average_gap,
       count(*) AS n
FROM moments
WHERE is_strategic
GROUP BY ALL
ORDER BY moment DESC, skill;
